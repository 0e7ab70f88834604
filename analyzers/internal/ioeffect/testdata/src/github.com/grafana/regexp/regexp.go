package regexp // want package:"ioeffect solved"

// regexp is a stand-in for a fork of the standard library's regexp: its
// replacements run through a callback parameter and its matcher reads an
// io.RuneReader on the Reader APIs' branch; neither is followed.

import "io"

type Regexp struct{ r io.RuneReader }

func MustCompile(expr string) *Regexp { return &Regexp{} }

func (re *Regexp) ReplaceAllString(src, repl string) string {
	return re.replaceAll(src, func(dst []byte) []byte { return append(dst, repl...) })
}

func (re *Regexp) replaceAll(src string, repl func([]byte) []byte) string {
	if re.r != nil {
		re.r.ReadRune()
	}
	return string(repl([]byte(src)))
}
