"""One plain output, one secret that comes from secret config, and one the program itself marks secret."""

import pulumi

config = pulumi.Config()
message = config.require("message")

pulumi.export("message", message)
pulumi.export("token", config.require_secret("token"))
pulumi.export("sealed", pulumi.Output.secret(f"sealed-{message}"))
