"""One CleanTalk key through the plugin and its generated Python SDK, driven by stack config.

`email` and `website` are required; `maxAge`, `renewBefore` and the secret
`authKey` (a key generated in the dashboard) are passed when set.
"""

import pulumi
import pulumi_cleantalk as cleantalk

config = pulumi.Config()
key = cleantalk.AccessKey(
    "site",
    email=config.require("email"),
    website=config.require("website"),
    max_age=config.get("maxAge"),
    renew_before=config.get("renewBefore"),
    auth_key=config.get_secret("authKey"),
)

pulumi.export("authKey", key.auth_key)
pulumi.export("websites", key.websites)
pulumi.export("fingerprint", key.fingerprint)
pulumi.export("source", key.source)
pulumi.export("keyStatus", key.key_status)
pulumi.export("rotationState", key.rotation_state)
pulumi.export("createdAt", key.created_at)
pulumi.export("expiresAt", key.expires_at)
pulumi.export("hostnames", key.hostnames)
