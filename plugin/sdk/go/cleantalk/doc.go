// CleanTalk Access keys as Pulumi resources: provisioned or adopted from the dashboard, rotated with `pulumi up`, kept secret.
package cleantalk
