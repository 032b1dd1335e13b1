//go:build tools

// Package tools records the Pulumi CLI as a dependency of this module: the
// build script builds it by package path, and `go mod tidy` keeps go.mod and
// go.sum complete only for what some file of the module imports.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
