// Package langhost holds what our language hosts share: how the engine starts
// a host and finds it, where a program lives, how config reaches the
// language's runtime, and how a program's exit status becomes a RunResponse.
//
// The engine starts a host as `<host> [flags] <engine address>`, reads the
// port of the host's gRPC server from the first line of its standard output,
// and then calls the LanguageRuntime RPCs on it
// (sdk/go/common/resource/plugin/langruntime_plugin.go in Pulumi's sdk/v3).
package langhost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Version is what the hosts report to the engine; keep it equal to the
// engine release they are built with (go.mod).
const Version = "3.248.0"

// ExitCodeAlreadyReported is the status with which Pulumi's program runners
// (Node's cmd/run, Python's pulumi-language-python-exec) exit after they have
// shown the user an actionable message: the engine must then not print a
// second, generic error.
const ExitCodeAlreadyReported = 32

// Flags the engine may pass that take a separate value argument.
var flagsWithValue = map[string]bool{"tracing": true, "root": true, "binary": true, "packagemanager": true}

// Serve starts server on a port the kernel picks, tells the engine the port
// on standard output, and returns when the engine stops the host.
func Serve(name string, server pulumirpc.LanguageRuntimeServer) {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, server)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: cannot serve: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: stopped serving: %v\n", name, err)
		os.Exit(1)
	}
}

// Base answers, for every host of ours, the RPCs whose answer does not
// depend on the language; a host embeds it and adds Run (and what else it
// supports). What no host implements answers Unimplemented, which the engine
// tolerates for `up`, `preview`, `refresh` and `destroy`.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// GetRequiredPlugins and GetRequiredPackages are how the engine learns which
// plugins to install before it runs a program. Pulumi's hosts answer from the
// provider SDKs the program depends on; the engine also starts a provider on
// first use from PATH or its plugin cache, which is all our programs need
// (the dynamic provider's launcher sits beside the CLI), so the list is empty.
func (Base) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (Base) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// EngineAddress returns the first positional argument: the engine's gRPC
// address, which the program runners need for logging and stack outputs.
func EngineAddress(args []string) string {
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

// Program is where the program to run lives and the runtime options of its
// Pulumi.yaml (`runtime.options`).
type Program struct {
	// Path is the program's directory, or its entry file when Pulumi.yaml
	// names one (`main`).
	Path string
	// RootDir is the directory holding Pulumi.yaml.
	RootDir string
	Options map[string]interface{}
}

// ProgramOf prefers the structured ProgramInfo that current engines send,
// and falls back to the older `program` field.
func ProgramOf(req *pulumirpc.RunRequest) Program {
	info := req.GetInfo()
	program := Program{Options: OptionsOf(info)}
	if info == nil {
		program.Path = req.GetProgram()
		if program.Path == "" {
			program.Path = "."
		}
		program.RootDir = req.GetPwd()
		return program
	}
	program.Path = info.GetProgramDirectory()
	if entry := info.GetEntryPoint(); entry != "" && entry != "." {
		program.Path = filepath.Join(program.Path, entry)
	}
	program.RootDir = info.GetRootDirectory()
	return program
}

// OptionsOf returns the runtime options in info (a program's
// `runtime.options`, or a plugin's, such as a policy pack's), never nil. A
// RunPlugin request carries its plugin's ProgramInfo too.
func OptionsOf(info *pulumirpc.ProgramInfo) map[string]interface{} {
	if info.GetOptions() == nil {
		return map[string]interface{}{}
	}
	return info.GetOptions().AsMap()
}

// StringOption returns a string runtime option, or "" when it is absent.
func (p Program) StringOption(name string) string {
	value, _ := p.Options[name].(string)
	return value
}

// ConfigEnv passes config the way both SDKs read it: PULUMI_CONFIG is a JSON
// object of "namespace:key" to string values, PULUMI_CONFIG_SECRET_KEYS the
// JSON list of the keys that are secret (so the SDK wraps them as secrets
// even when the program reads them with a plain getter).
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
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
	return []string{"PULUMI_CONFIG=" + string(configJSON), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeysJSON)}, nil
}

// RunCommand runs a program runner with the host's standard streams (the
// engine shows what the program prints) and turns its exit into the answer
// the engine expects.
func RunCommand(cmd *exec.Cmd, language string) *pulumirpc.RunResponse {
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == ExitCodeAlreadyReported {
			return &pulumirpc.RunResponse{Bail: true}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the %s program: %v", language, err)}
}
