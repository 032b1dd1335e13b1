//go:build tools

// Package tools records the YAML language host as this module's dependency:
// `go mod tidy` keeps go.mod and go.sum complete only for what some file of
// the module imports.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
