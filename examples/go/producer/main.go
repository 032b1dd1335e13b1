// The stack that owns the key. Other stacks read authKey through a
// StackReference; it stays a secret on the way.
package main

import (
	"github.com/pulumi-cleantalk/pulumi-cleantalk/plugin/sdk/go/cleantalk"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		email := conf.Get("email")
		if email == "" {
			email = "ops@example.com"
		}
		website := conf.Get("website")
		if website == "" {
			website = "https://shop.example.com"
		}
		// #region go-key
		args := &cleantalk.AccessKeyArgs{
			Email:       pulumi.String(email),
			Website:     pulumi.String(website),
			MaxAge:      pulumi.String("365d"), // CleanTalk keys are active for 365 days
			RenewBefore: pulumi.String("30d"),  // warn for the last month, while the old key still works
		}
		// A key generated in the CleanTalk dashboard, once there is one: it replaces the current key.
		if _, err := conf.TrySecret("cleantalkAuthKey"); err == nil {
			args.AuthKey = conf.RequireSecret("cleantalkAuthKey")
		}
		key, err := cleantalk.NewAccessKey(ctx, "site", args)
		if err != nil {
			return err
		}

		ctx.Export("authKey", key.AuthKey)         // [secret]
		ctx.Export("fingerprint", key.Fingerprint) // not secret: tells keys apart, reveals nothing
		ctx.Export("rotateAfter", key.RotateAfter)
		ctx.Export("rotationState", key.RotationState)
		// #endregion
		return nil
	})
}
