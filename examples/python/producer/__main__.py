"""The stack that owns the key. Other stacks read `authKey` through a StackReference; it stays a secret on the way."""

import pulumi
import pulumi_cleantalk as cleantalk

config = pulumi.Config()

# region python-key
key = cleantalk.AccessKey(
    "site",
    email=config.get("email") or "ops@example.com",
    website=config.get("website") or "https://shop.example.com",
    max_age="365d",  # CleanTalk keys are active for 365 days
    renew_before="30d",  # warn for the last month, while the old key still works
    # A key generated in the CleanTalk dashboard, once there is one: it replaces the current key.
    auth_key=config.get_secret("cleantalkAuthKey"),
)

pulumi.export("authKey", key.auth_key)  # [secret]
pulumi.export("fingerprint", key.fingerprint)  # not secret: tells keys apart, reveals nothing
pulumi.export("rotateAfter", key.rotate_after)
pulumi.export("rotationState", key.rotation_state)
# endregion
