package server

import "trellis/data/store"

// User roles on the county server.
const (
	RoleNavigator = store.RoleNavigator // works with the organization's families
	RoleTrainer   = store.RoleTrainer   // also publishes training materials and the directory
	RoleAdmin     = store.RoleAdmin     // also manages the directory
)

// Roles lists the valid user roles.
var Roles = []string{RoleNavigator, RoleTrainer, RoleAdmin}
