package testfiles

func work() {}
