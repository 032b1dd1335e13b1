"""Re-exports a plain and a secret output of the stack named by the `producer` config."""

import pulumi

producer = pulumi.StackReference(pulumi.Config().require("producer"))

pulumi.export("message", producer.get_output("message"))
pulumi.export("token", producer.get_output("token"))
