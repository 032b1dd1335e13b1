// Command pulumi-codegen writes a package's SDKs from its Pulumi schema with
// the code generators of github.com/pulumi/pulumi/pkg/v3, the engine release
// our CLI is built from:
//
//	pulumi-codegen [-language python,go,nodejs] [-check] <schema.json> <out-dir>
//
// Each language goes to <out-dir>/<language>, the layout of
// `pulumi package gen-sdk`. Why not that command: it asks each language's host
// to generate (GeneratePackage), and our hosts are minimal ones that do not.
// With -check nothing is written: the command fails, naming the files, when
// what is on disk differs from what the schema generates, so a build can
// prove that checked-in SDKs are current.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// toolName appears in every generated file's "do not edit" header.
const toolName = "pulumi-codegen"

var languages = []string{"python", "go", "nodejs"}

func main() {
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: pulumi-codegen [-language %s] [-check] <schema.json> <out-dir>\n", strings.Join(languages, ","))
		flag.PrintDefaults()
	}
	only := flag.String("language", strings.Join(languages, ","), "comma-separated languages to generate")
	check := flag.Bool("check", false, "compare <out-dir> with what the schema generates instead of writing it")
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), strings.Split(*only, ","), *check); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-codegen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, outDir string, selected []string, check bool) error {
	for _, language := range selected {
		if !slices.Contains(languages, language) {
			return fmt.Errorf("unknown language %q (known: %s)", language, strings.Join(languages, ", "))
		}
	}
	spec, err := readSpec(schemaPath)
	if err != nil {
		return err
	}
	var stale []string
	for _, language := range selected {
		files, err := generate(spec, language)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", language, err)
		}
		dir := filepath.Join(outDir, language)
		if !check {
			if err := write(dir, files); err != nil {
				return err
			}
			continue
		}
		differences, err := compare(dir, files)
		if err != nil {
			return err
		}
		stale = append(stale, differences...)
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		return fmt.Errorf("the SDKs in %s are not what %s generates; regenerate them:\n  %s", outDir, schemaPath, strings.Join(stale, "\n  "))
	}
	return nil
}

func readSpec(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	data, err := os.ReadFile(path)
	if err != nil {
		return spec, err
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return spec, fmt.Errorf("%s is not a package schema: %w", path, err)
	}
	return spec, nil
}

// generate binds the schema anew for each language: the generators record
// their language's settings on the bound package, so one must not see
// another's.
func generate(spec schema.PackageSpec, language string) (map[string][]byte, error) {
	pkg, diags, err := schema.BindSpec(spec, noReferencedPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("invalid schema: %w", diags)
	}
	switch language {
	case "python":
		return python.GeneratePackage(toolName, pkg, nil, noReferencedPackages{})
	case "go":
		return gogen.GeneratePackage(toolName, pkg, nil)
	case "nodejs":
		return nodejs.GeneratePackage(toolName, pkg, nil, nil, false, noReferencedPackages{})
	default:
		return nil, fmt.Errorf("no generator for %q", language)
	}
}

// write replaces dir with exactly the generated files, so a resource removed
// from the schema leaves no stale module behind.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, contents := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, contents, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// compare lists, relative to dir's parent, the files that differ, are
// missing, or should not be there.
func compare(dir string, files map[string][]byte) ([]string, error) {
	language := filepath.Base(dir)
	var differences []string
	onDisk := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == dir {
			return fs.SkipAll
		}
		if err != nil || entry.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		onDisk[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name, contents := range files {
		if !onDisk[name] {
			differences = append(differences, language+"/"+name+" (missing)")
			continue
		}
		current, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(current, contents) {
			differences = append(differences, language+"/"+name+" (differs)")
		}
	}
	for name := range onDisk {
		if _, generated := files[name]; !generated {
			differences = append(differences, language+"/"+name+" (not generated)")
		}
	}
	return differences, nil
}

// noReferencedPackages is the schema loader for a self-contained package:
// ours references no other package's types, so a reference is a mistake in
// the schema, reported as such instead of starting a provider plugin to
// fetch a schema.
type noReferencedPackages struct{}

func (noReferencedPackages) refuse(name string) error {
	return fmt.Errorf("the schema references package %q; pulumi-codegen generates self-contained packages only", name)
}

func (l noReferencedPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l noReferencedPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(descriptor.Name)
}

func (l noReferencedPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l noReferencedPackages) LoadPackageReferenceV2(_ context.Context, descriptor *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, l.refuse(descriptor.Name)
}

var _ schema.ReferenceLoader = noReferencedPackages{}
