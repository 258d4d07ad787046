package main

import (
	"fmt"

	"trellis/data/store"
)

func init() {
	register(&command{name: "init", summary: "create the profile's store (or upgrade it) and say where it is",
		run: func(e *env, args []string) error {
			if len(args) > 0 {
				return usagef("init takes no arguments")
			}
			st, err := e.store()
			if err != nil {
				return err
			}
			if e.json {
				return e.printJSON(map[string]any{"data": st.Dir(), "schema": store.SchemaVersion()})
			}
			fmt.Fprintf(e.stdout, "Trellis store ready in %s\n", st.Dir())
			return nil
		}})
}
