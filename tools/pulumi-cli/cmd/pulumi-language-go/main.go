// Command pulumi-language-go is a minimal Go language host for the Pulumi
// engine.
//
// Why our own: as with Node.js and Python, Pulumi's Go host is a Go module of
// its own (sdk/go/pulumi-language-go) that the module proxy our machines
// reach does not serve. A Go program needs little from its host: it is a
// binary that reads where the engine is, the stack and its config from the
// environment (PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_CONFIG, …: sdk/go/pulumi
// run.go), so the host builds the program (or takes the prebuilt binary that
// Pulumi.yaml names in `runtime.options.binary`, as Pulumi's host does) and
// runs it with that environment. Dependency installation, `pulumi new` and
// code generation answer Unimplemented (langhost.Base).
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pulumi-cleantalk/tools/pulumi-cli/langhost"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	langhost.Serve("pulumi-language-go", &goHost{engineAddress: langhost.EngineAddress(os.Args[1:])})
}

type goHost struct {
	langhost.Base
	engineAddress string
}

// About reports the Go toolchain that builds programs (`pulumi about`).
func (h *goHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("no go on PATH: install Go to build Pulumi programs written in it")
	}
	out, err := exec.CommandContext(ctx, goBin, "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION failed: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: goBin, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "go")}, nil
}

func (h *goHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	program := langhost.ProgramOf(req)
	binary, cleanup, failure := h.programBinary(ctx, program)
	if failure != "" {
		return &pulumirpc.RunResponse{Error: failure}, nil
	}
	defer cleanup()
	configEnv, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, binary, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append(os.Environ(), configEnv...), h.runEnv(program, req)...)
	return langhost.RunCommand(cmd, "Go"), nil
}

// programBinary returns the program to run: the prebuilt binary that
// Pulumi.yaml names (relative to its directory), or one built now from the
// program's directory into a temporary directory that cleanup removes. A
// failure is a message for the user (a missing binary, a build error).
func (h *goHost) programBinary(ctx context.Context, program langhost.Program) (binary string, cleanup func(), failure string) {
	cleanup = func() {}
	if named := program.StringOption("binary"); named != "" {
		if !filepath.IsAbs(named) {
			named = filepath.Join(program.RootDir, named)
		}
		if _, err := os.Stat(named); err != nil {
			return "", cleanup, fmt.Sprintf("the program binary %s named in Pulumi.yaml (runtime.options.binary) does not exist: build it with `go build -o %s`", named, named)
		}
		return named, cleanup, ""
	}
	dir, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return "", cleanup, fmt.Sprintf("could not make a directory to build the Go program in: %v", err)
	}
	cleanup = func() { _ = os.RemoveAll(dir) }
	binary = filepath.Join(dir, "program")
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, ".")
	build.Dir = program.Path
	// The compiler's messages are what the user needs to fix a build.
	build.Stdout = os.Stderr
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		cleanup()
		return "", func() {}, fmt.Sprintf("could not build the Go program in %s: %v", program.Path, err)
	}
	return binary, cleanup, ""
}

// runEnv is what the Go SDK's pulumi.Run reads besides the config
// (sdk/go/pulumi/run.go, getEnvInfo).
func (h *goHost) runEnv(program langhost.Program, req *pulumirpc.RunRequest) []string {
	return []string{
		"PULUMI_MONITOR=" + req.GetMonitorAddress(),
		"PULUMI_ENGINE=" + h.engineAddress,
		"PULUMI_ORGANIZATION=" + req.GetOrganization(),
		"PULUMI_PROJECT=" + req.GetProject(),
		"PULUMI_STACK=" + req.GetStack(),
		"PULUMI_ROOT_DIRECTORY=" + program.RootDir,
		"PULUMI_DRY_RUN=" + strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL=" + strconv.Itoa(int(req.GetParallel())),
	}
}
