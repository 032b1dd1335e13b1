import { classifyPulumiFailure } from "../../cli/pulumi-command";

/** What Pulumi 3.248 prints for each failure the fleet view meets (copied from real runs). */
describe("classifyPulumiFailure", () => {
  it.each([
    [
      "stack export",
      'error: could not deserialize deployment: constructing secrets manager of type "passphrase": constructing secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables',
      "organization/web/prod",
      "PASSPHRASE: stack organization/web/prod: no passphrase to decrypt its secrets",
    ],
    [
      "stack export",
      "error: could not deserialize deployment: failed to decrypt: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase or set PULUMI_CONFIG_PASSPHRASE_FILE to a file containing the passphrase",
      "organization/web/prod",
      "PASSPHRASE: stack organization/web/prod: the passphrase does not decrypt its secrets",
    ],
    [
      "stack export",
      "error: no stack named 'organization/web/nope' found",
      "organization/web/nope",
      "STACK_NOT_FOUND: the backend has no stack named organization/web/nope.",
    ],
    [
      "stack export",
      "error: if you're using the --stack flag, pass the fully qualified name (organization/project/stack)",
      "nope",
      "USAGE: stack nope is a short name, which names a stack only inside its project's directory.",
    ],
    [
      "stack",
      "error: no Pulumi.yaml project file found (searching upwards from /tmp/x). If you have not created a project yet, use `pulumi new` to do so: no project file found",
      undefined,
      "USAGE: there is no Pulumi project in the current directory, so no stack is selected.",
    ],
    [
      "stack ls",
      "error: unable to open bucket file:///nonexistent/dir?no_tmp_dir=true: stat /nonexistent/dir: no such file or directory",
      undefined,
      "BACKEND_UNREACHABLE: pulumi stack ls: the backend could not be read (unable to open bucket file:///nonexistent/dir?no_tmp_dir=true: stat /nonexistent/dir: no such file or directory).",
    ],
    [
      "stack export",
      'error: read ".pulumi/meta.yaml": blob (key ".pulumi/meta.yaml") (code=Unknown): operation error S3: GetObject, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , HostID: , request send failed, Get "http://127.0.0.1:1/bucket/.pulumi/meta.yaml?x-id=GetObject": dial tcp 127.0.0.1:1: connect: connection refused',
      "organization/web/prod",
      'BACKEND_UNREACHABLE: stack organization/web/prod: the backend could not be read (read ".pulumi/meta.yaml"',
    ],
    [
      "stack ls",
      "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions",
      undefined,
      "NOT_LOGGED_IN: pulumi stack ls: the Pulumi CLI is not logged in to a backend",
    ],
    [
      "stack export",
      "error: something new went wrong",
      "organization/web/prod",
      "STATE_UNREADABLE: stack organization/web/prod: pulumi stack export failed (something new went wrong).",
    ],
  ])("pulumi %s: %s", (command, stderr, stack, expected) => {
    const error = classifyPulumiFailure(command, stderr, stack);
    expect(error.message.startsWith(expected)).toBe(true);
    expect(error.message).not.toContain("\n");
    expect(error.message).toMatch(/ Fix: .+$/);
  });

  it("never repeats credentials a backend URL carries", () => {
    const error = classifyPulumiFailure("stack ls", "error: unable to open bucket https://user:s3cr3t-token@state.example.org/bucket: refused", undefined);
    expect(error.message).not.toContain("s3cr3t-token");
    expect(error.message).toContain("https://***@state.example.org/bucket");
  });

  it("quotes at most about 300 characters of Pulumi's message, keeping the root cause at its end", () => {
    const error = classifyPulumiFailure(
      "stack ls",
      `error: read ".pulumi/meta.yaml": ${"operation error S3: GetObject, ".repeat(20)}dial tcp 127.0.0.1:1: connect: connection refused`,
    );
    expect(error.summary.length).toBeLessThan(400);
    expect(error.summary).toMatch(/\(read "\.pulumi\/meta\.yaml": operation .+ … .+dial tcp 127\.0\.0\.1:1: connect: connection refused\)\.$/);
  });
});
