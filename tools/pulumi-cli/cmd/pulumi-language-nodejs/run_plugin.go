package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"

	"github.com/pulumi-cleantalk/tools/pulumi-cli/langhost"
	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The script inside @pulumi/pulumi that loads a policy pack and lets
// @pulumi/policy serve it: usage `run-policy-pack <engine-address> <pack-dir>`.
const runPolicyPackModule = "@pulumi/pulumi/cmd/run-policy-pack"

// RunPlugin starts a plugin written in Node.js: a policy pack (kind
// "analyzer", runPolicyPack) or a resource provider (runResourceProvider).
// Converters and tools would need tests of their own; nothing we ship is
// one, so they are refused plainly rather than half-supported.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetAttachDebugger() {
		return status.Error(codes.Unimplemented, "this Node.js host cannot attach a debugger to a plugin")
	}
	switch req.GetKind() {
	case string(apitype.AnalyzerPlugin):
		return h.runPolicyPack(req, server)
	case string(apitype.ResourcePlugin):
		return h.runResourceProvider(req, server)
	default:
		return status.Errorf(codes.Unimplemented, "this Node.js host runs policy packs and resource providers, not %q plugins", req.GetKind())
	}
}

// runResourceProvider runs a resource provider written in Node.js as a
// source plugin: a directory holding PulumiPlugin.yaml (`runtime: nodejs`)
// and a package.json whose `main` starts the provider. The engine runs one
// this way when a project's `plugins.providers` names such a directory (or
// an installed plugin has no executable); see ExecPlugin in
// sdk/go/common/resource/plugin. Node loads the directory through its
// package.json, with the engine's arguments (flags, then the engine's
// address) as the provider's own, and the provider prints its port first on
// stdout, which we stream back for the engine to read. Pulumi's own host
// goes through @pulumi/pulumi/cmd/run-plugin, which registers ts-node to
// compile TypeScript on the fly; the providers this host runs are compiled
// JavaScript, which need neither ts-node in the project nor its start-up
// time. The call lasts as long as the provider runs: the engine ends it by
// cancelling, which kills node.
func (h *nodeHost) runResourceProvider(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	dir := req.GetInfo().GetProgramDirectory()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	args := append(nodeArgs(langhost.Program{Options: langhost.OptionsOf(req.GetInfo())}), dir)
	args = append(args, req.GetArgs()...)
	cmd := exec.CommandContext(ctx, "node", args...)
	// As the engine runs an executable plugin: from the program's directory.
	cmd.Dir = req.GetPwd()
	cmd.Env = req.GetEnv()
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("resource provider %s exited with code %d", dir, exitErr.ExitCode())
		}
		return fmt.Errorf("could not start node for the resource provider %s: %w", dir, err)
	}
	return closer.Close()
}

// runPolicyPack starts a policy pack. Since 3.221 the engine starts one this
// way (`--policy-pack <dir>`, kind "analyzer") whenever a language host for
// the pack's runtime is installed, instead of the old
// `pulumi-analyzer-policy` shim; see ExecPlugin and NewPolicyAnalyzer in
// sdk/go/common/resource/plugin. The request carries the pack directory
// (Info.ProgramDirectory, holding PulumiPolicy.yaml), the engine's arguments
// (logging flags, then the engine address), the whole environment for the
// plugin, and the program's directory as Pwd.
//
// The engine reads the plugin's gRPC port from the stdout we stream back.
// @pulumi/policy reads the stack, project and config from the environment
// when it starts, but the engine only sends them afterwards, through the
// Analyzer's ConfigureStack call. So, like Pulumi's own host, we first serve a
// proxy Analyzer (sdk.PolicyProxy) whose port the engine reads, wait for
// ConfigureStack, then start the pack with that environment and forward every
// later Analyzer call to it. The call lasts as long as the pack runs: the
// engine ends it by cancelling, which kills node.
func (h *nodeHost) runPolicyPack(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	packDir := req.GetInfo().GetProgramDirectory()

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	runScript, err := resolveModule(runPolicyPackModule, packDir)
	if err != nil {
		return fmt.Errorf("the policy pack's dependencies are not installed: run `npm install` in %s "+
			"(it needs @pulumi/pulumi and @pulumi/policy)", packDir)
	}

	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not serve the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("the engine did not configure the policy pack: %w", err)
	}
	env, err := policyPackEnvironment(req.GetEnv(), stack)
	if err != nil {
		return err
	}

	// run-policy-pack takes the pack directory last, after the engine's own
	// arguments (which end with the engine address).
	args := append(nodeArgs(langhost.Program{Options: langhost.OptionsOf(req.GetInfo())}), runScript)
	args = append(args, req.GetArgs()...)
	args = append(args, packDir)
	cmd := exec.CommandContext(ctx, "node", args...)
	// Policy packs have always run from their own directory, and a pack's
	// relative paths (tsconfig.json, data files) depend on it.
	cmd.Dir = packDir
	cmd.Env = env
	cmd.Stdout = packStdout
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start node for the policy pack: %w", err)
	}
	// Attach reads the pack's port from its first line of output, forwards
	// the rest, and returns when the pack exits.
	if err := proxy.Attach(ctx, cmd); err != nil {
		if ctx.Err() != nil {
			// The engine ends a pack by cancelling this call, which kills
			// node: the end of the run, not a failure of the pack.
			return ctx.Err()
		}
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("policy pack exited with code %d", exitErr.ExitCode())
		}
		return fmt.Errorf("policy pack %s: %w", packDir, err)
	}
	return closer.Close()
}

// policyPackEnvironment adds what @pulumi/pulumi's runtime reads at start-up
// (the stack, project, organization, preview flag and the stack's config and
// its secret keys) to
// the environment the engine chose for the plugin. A nil configuration means
// the engine runs the pack outside any stack (`pulumi policy publish`).
func policyPackEnvironment(base []string, stack *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	env := append([]string{}, base...)
	if stack == nil {
		return env, nil
	}
	add := func(name, value string) {
		if value != "" {
			env = append(env, name+"="+value)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", stack.GetProject())
	add("PULUMI_NODEJS_STACK", stack.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
	if config := stack.GetConfig(); config != nil {
		configJSON, err := json.Marshal(config)
		if err != nil {
			return nil, fmt.Errorf("could not encode the stack's config for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG", string(configJSON))
	}
	// Pulumi's own host leaves this out; with it, a pack that reads a secret
	// config value through pulumi.Config gets it back as a secret.
	if keys := stack.GetConfigSecretKeys(); len(keys) > 0 {
		keysJSON, err := json.Marshal(keys)
		if err != nil {
			return nil, fmt.Errorf("could not encode the stack's secret config keys for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG_SECRET_KEYS", string(keysJSON))
	}
	return env, nil
}
