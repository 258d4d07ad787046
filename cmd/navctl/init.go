package main

import (
	"flag"
	"fmt"
	"strings"

	"trellis/data/store"
)

func init() {
	register(&command{name: "init", args: "[--navigator NAME]",
		summary: "create the profile's store (or upgrade it) and say where it is; --navigator sets the name the app shows and records",
		run: func(e *env, args []string) error {
			fs := flag.NewFlagSet("init", flag.ContinueOnError)
			fs.SetOutput(e.stderr)
			nav := fs.String("navigator", "", "the name of the person using this profile (the app's first-run name)")
			if err := fs.Parse(args); err != nil {
				return usagef("%v", err)
			}
			if fs.NArg() > 0 {
				return usagef("init takes no arguments besides --navigator")
			}
			st, err := e.store()
			if err != nil {
				return err
			}
			if name := strings.TrimSpace(*nav); name != "" {
				if err := st.SetSetting(e.ctx, settingNavigator, name); err != nil {
					return err
				}
			}
			if e.json {
				return e.printJSON(map[string]any{"data": st.Dir(), "schema": store.SchemaVersion()})
			}
			fmt.Fprintf(e.stdout, "Trellis store ready in %s\n", st.Dir())
			return nil
		}})
}
