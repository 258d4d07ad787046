package store

import (
	"context"
	"reflect"
)

// All reads every live record of a stored type, ordered by id, for example
// store.All[data.Phone](ctx, st). Exporters use it to write out a whole
// table.
func All[T any](ctx context.Context, s *Store) ([]T, error) {
	return list[T](ctx, s, s.r, allFrom[T]())
}

// AllTx reads every live record of a stored type inside a write
// transaction, seeing the transaction's own writes.
func AllTx[T any](tx *Tx) ([]T, error) {
	return list[T](tx.ctx, tx.s, txQuerier{tx}, allFrom[T]())
}

func allFrom[T any]() string {
	def := tableByType[reflect.TypeOf((*T)(nil)).Elem()]
	if def == nil {
		panic("store: " + reflect.TypeOf((*T)(nil)).Elem().String() + " is not stored")
	}
	return `FROM ` + def.Name + ` t WHERE t.deleted = 0 ORDER BY t.id`
}
