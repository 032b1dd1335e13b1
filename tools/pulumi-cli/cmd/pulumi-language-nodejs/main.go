// Command pulumi-language-nodejs is a minimal Node.js language host for the
// Pulumi engine.
//
// Why our own: Pulumi's language host is published as its own Go module, which
// the module proxy our machines can reach does not serve, while the engine
// (github.com/pulumi/pulumi/pkg/v3) and the protocol (sdk/v3) are served. The
// host's job is small: answer the engine's LanguageRuntime RPCs and start
// `@pulumi/pulumi/cmd/run` with the flags and environment that script reads
// (see node_modules/@pulumi/pulumi/cmd/run/index.js). Everything it does not
// need (plugin discovery from package.json, `pulumi new`, code generation)
// answers Unimplemented (langhost.Base), which the engine tolerates. Policy
// packs run through RunPlugin (run_plugin.go).
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/pulumi-cleantalk/tools/pulumi-cli/langhost"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	langhost.Serve("pulumi-language-nodejs", &nodeHost{engineAddress: langhost.EngineAddress(os.Args[1:])})
}

type nodeHost struct {
	langhost.Base
	engineAddress string
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	program := langhost.ProgramOf(req)
	runScript, err := resolveModule("@pulumi/pulumi/cmd/run", req.GetPwd())
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("it looks like the Pulumi SDK has not been installed in %s: run `npm install` first", req.GetPwd())}, nil
	}
	configEnv, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, "node", append(nodeArgs(program), runArguments(runScript, h.engineAddress, program, req)...)...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append(os.Environ(), configEnv...), typescriptEnv(program)...)
	return langhost.RunCommand(cmd, "Node.js"), nil
}

// resolveModule finds a module the way Node would from dir, so the program's
// (or policy pack's) own copy of the SDK runs it.
func resolveModule(module, dir string) (string, error) {
	cmd := exec.Command("node", "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return string(out), nil
}

func nodeArgs(program langhost.Program) []string {
	if extra := program.StringOption("nodeargs"); extra != "" {
		return strings.Fields(extra)
	}
	return nil
}

func runArguments(runScript, engineAddress string, program langhost.Program, req *pulumirpc.RunRequest) []string {
	args := []string{runScript}
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("root-directory", program.RootDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	args = append(args, program.Path)
	return append(args, req.GetArgs()...)
}

// typescriptEnv tells cmd/run whether to compile TypeScript (on unless the
// project turns it off) and with which tsconfig.
func typescriptEnv(program langhost.Program) []string {
	typescript := "true"
	if value, ok := program.Options["typescript"].(bool); ok && !value {
		typescript = "false"
	}
	env := []string{"PULUMI_NODEJS_TYPESCRIPT=" + typescript}
	if tsconfig := program.StringOption("tsconfig"); tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env
}
