package gorm // want package:"ioeffect solved"

// gorm is a stand-in for the ORM: a store library by import path.

type DB struct{}

func (db *DB) Where(query any, args ...any) *DB { return db }

func (db *DB) Find(dest any) *DB { return db }
