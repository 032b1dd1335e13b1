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
// answers Unimplemented, which the engine tolerates. Policy packs run through
// RunPlugin (run_plugin.go).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The engine reports the host's version; keep it equal to the engine release
// this host is built with (tools/pulumi-cli/go.mod).
const hostVersion = "3.248.0"

// cmd/run exits with 32 after it has already shown the user an actionable
// message; the engine must then not print a second, generic error.
const exitCodeAlreadyReported = 32

// Flags the engine may pass that take a separate value argument.
var flagsWithValue = map[string]bool{"tracing": true, "root": true, "binary": true, "packagemanager": true}

func main() {
	engineAddress := engineAddressFromArgs(os.Args[1:])
	host := &nodeHost{engineAddress: engineAddress}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: cannot serve: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: stopped serving: %v\n", err)
		os.Exit(1)
	}
}

// engineAddressFromArgs returns the first positional argument: the engine's
// gRPC address, which cmd/run needs for logging and stack outputs.
func engineAddressFromArgs(args []string) string {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !strings.HasPrefix(arg, "-") {
			return arg
		}
		name := strings.TrimLeft(arg, "-")
		if !strings.Contains(name, "=") && flagsWithValue[name] {
			i++
		}
	}
	return ""
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: hostVersion}, nil
}

// Our programs need no plugin downloads: the dynamic provider's launcher sits
// beside the CLI, and nothing else is required.
func (h *nodeHost) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeHost) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	program, rootDir, options := programLocation(req)
	runScript, err := resolveModule("@pulumi/pulumi/cmd/run", req.GetPwd())
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("it looks like the Pulumi SDK has not been installed in %s: run `npm install` first", req.GetPwd())}, nil
	}
	env, err := runEnvironment(req, options)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, "node", append(nodeArgs(options), runArguments(runScript, h.engineAddress, rootDir, program, req)...)...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeAlreadyReported {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the Node.js program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// programLocation prefers the structured ProgramInfo that current engines
// send, and falls back to the older `program` field.
func programLocation(req *pulumirpc.RunRequest) (program, rootDir string, options map[string]interface{}) {
	options = map[string]interface{}{}
	info := req.GetInfo()
	if info == nil {
		program = req.GetProgram()
		if program == "" {
			program = "."
		}
		return program, req.GetPwd(), options
	}
	if info.GetOptions() != nil {
		options = info.GetOptions().AsMap()
	}
	program = info.GetProgramDirectory()
	if entry := info.GetEntryPoint(); entry != "" && entry != "." {
		program = filepath.Join(program, entry)
	}
	return program, info.GetRootDirectory(), options
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

func nodeArgs(options map[string]interface{}) []string {
	if extra, ok := options["nodeargs"].(string); ok && extra != "" {
		return strings.Fields(extra)
	}
	return nil
}

func runArguments(runScript, engineAddress, rootDir, program string, req *pulumirpc.RunRequest) []string {
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
	add("root-directory", rootDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	args = append(args, program)
	return append(args, req.GetArgs()...)
}

// runEnvironment passes config the way cmd/run expects it: a JSON object of
// "namespace:key" to string values, and the list of secret keys.
func runEnvironment(req *pulumirpc.RunRequest, options map[string]interface{}) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	typescript := "true"
	if value, ok := options["typescript"].(bool); ok && !value {
		typescript = "false"
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+typescript,
	)
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}
