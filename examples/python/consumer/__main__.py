"""Reads the producer's key through a StackReference and builds the line an app's env file takes."""

import pulumi

# organization/cleantalk-python-producer/<stack> on a self-managed backend.
producer = pulumi.StackReference(pulumi.Config().require("producerStack"))
auth_key = producer.require_output("authKey")

# A secret output of the producer is a secret here, and so is every value
# built from it: hand it on to a secret store, never into plain config.
pulumi.export("envLine", pulumi.Output.concat("CLEANTALK_AUTH_KEY=", auth_key))
pulumi.export("keyFingerprint", producer.require_output("fingerprint"))
