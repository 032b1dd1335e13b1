// Reads the producer's key through a StackReference and builds the line an
// app's env file takes.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// organization/cleantalk-go-producer/<stack> on a self-managed backend.
		producer, err := pulumi.NewStackReference(ctx, config.Require(ctx, "producerStack"), nil)
		if err != nil {
			return err
		}
		// A secret output of the producer is a secret here, and so is every
		// value built from it: hand it on to a secret store, never into plain
		// config.
		ctx.Export("envLine", pulumi.Sprintf("CLEANTALK_AUTH_KEY=%v", producer.GetStringOutput(pulumi.String("authKey"))))
		ctx.Export("keyFingerprint", producer.GetStringOutput(pulumi.String("fingerprint")))
		return nil
	})
}
