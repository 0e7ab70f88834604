package testfiles

import "os"

func work() { os.Remove("x") }
