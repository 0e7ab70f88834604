package zap // want package:"ioeffect solved"

// zap is a stand-in for the logger: its writes are not followed.

import "os"

type Logger struct{ f *os.File }

func (l *Logger) Info(msg string) { l.f.Write([]byte(msg)) }
