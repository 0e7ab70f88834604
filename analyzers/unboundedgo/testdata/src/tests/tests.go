package tests

func work() {}
