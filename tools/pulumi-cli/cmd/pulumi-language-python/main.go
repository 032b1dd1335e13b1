// Command pulumi-language-python is a minimal Python language host for the
// Pulumi engine.
//
// Why our own: as with Node.js, Pulumi's Python host is a Go module of its own
// that the module proxy our machines reach does not serve. The `pulumi` wheel
// from PyPI holds the SDK but no program runner: Pulumi ships that runner,
// `pulumi-language-python-exec`, beside its host binary, and it comes to us
// in the sdk/v3 Go module (python/cmd/). Our build copies it next to this
// binary. The host answers the engine's LanguageRuntime RPCs and runs
// `python -u pulumi-language-python-exec <flags> <program>` with the flags and
// environment that script reads. The interpreter is the project's virtualenv
// (`runtime.options.virtualenv` in Pulumi.yaml, as Pulumi's own host reads
// it), else python3 on PATH. Dependency installation, `pulumi new` and code
// generation answer Unimplemented (langhost.Base).
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

// runnerName is the program runner Pulumi ships beside its Python host.
const runnerName = "pulumi-language-python-exec"

func main() {
	runner, err := runnerPath()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}
	langhost.Serve("pulumi-language-python", &pythonHost{engineAddress: langhost.EngineAddress(os.Args[1:]), runner: runner})
}

// runnerPath finds the runner beside this binary, where our build puts it
// (and where Pulumi's installers put theirs).
func runnerPath() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot locate this host's binary: %w", err)
	}
	runner := filepath.Join(filepath.Dir(self), runnerName)
	if _, err := os.Stat(runner); err != nil {
		return "", fmt.Errorf("%s must sit beside this host (%s): %w", runnerName, filepath.Dir(self), err)
	}
	return runner, nil
}

type pythonHost struct {
	langhost.Base
	engineAddress string
	runner        string
}

// About reports the interpreter a program of this project runs with
// (`pulumi about`).
func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	python, err := interpreter(virtualenvOf(req.GetInfo()))
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, python, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --version failed: %w", python, err)
	}
	version := strings.TrimSpace(strings.TrimPrefix(string(out), "Python "))
	return &pulumirpc.AboutResponse{Executable: python, Version: version}, nil
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	program := langhost.ProgramOf(req)
	venv := virtualenvOf(req.GetInfo())
	python, err := interpreter(venv)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configEnv, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}

	// -u: unbuffered, so the program's prints reach the engine as they happen.
	cmd := exec.CommandContext(ctx, python, append([]string{"-u", h.runner}, h.runArguments(program, req)...)...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append(os.Environ(), configEnv...), virtualenvEnv(venv)...)
	return langhost.RunCommand(cmd, "Python"), nil
}

// runArguments builds the command line pulumi-language-python-exec parses
// (its argparse flags use underscores, and --dry_run and --parallel are
// always given: it reads them unconditionally).
func (h *pythonHost) runArguments(program langhost.Program, req *pulumirpc.RunRequest) []string {
	var args []string
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root_directory", program.RootDir)
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("dry_run", strconv.FormatBool(req.GetDryRun()))
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, program.Path)
	return append(args, req.GetArgs()...)
}

// virtualenvOf returns the absolute virtualenv directory named by the
// project's `runtime.options.virtualenv` (relative to Pulumi.yaml's
// directory), or "" when the project names none.
func virtualenvOf(info *pulumirpc.ProgramInfo) string {
	if info == nil || info.GetOptions() == nil {
		return ""
	}
	venv, _ := info.GetOptions().AsMap()["virtualenv"].(string)
	if venv == "" || filepath.IsAbs(venv) {
		return venv
	}
	return filepath.Join(info.GetRootDirectory(), venv)
}

// interpreter is the virtualenv's python when the project names one (and
// it must then exist: running another interpreter would fail later, on a
// missing import, with a far less helpful message), else python3 on PATH.
func interpreter(venv string) (string, error) {
	if venv == "" {
		python, err := exec.LookPath("python3")
		if err != nil {
			return "", fmt.Errorf("no python3 on PATH: install Python 3 or name a virtualenv in Pulumi.yaml (runtime.options.virtualenv)")
		}
		return python, nil
	}
	python := filepath.Join(venv, "bin", "python")
	if _, err := os.Stat(python); err != nil {
		return "", fmt.Errorf("the virtualenv %s named in Pulumi.yaml has no bin/python: create it with `python3 -m venv %s` and install the program's requirements into it", venv, venv)
	}
	return python, nil
}

// virtualenvEnv activates the virtualenv for the program the way `activate`
// does, so tools the program starts (pip, a provider's own scripts) come
// from it too.
func virtualenvEnv(venv string) []string {
	if venv == "" {
		return nil
	}
	return []string{
		"VIRTUAL_ENV=" + venv,
		"PATH=" + filepath.Join(venv, "bin") + string(os.PathListSeparator) + os.Getenv("PATH"),
	}
}
