"""The keys of test/e2e/programs/parity-dynamic, declared through the plugin.

One cleantalk.AccessKey per case of the `cases` config (a JSON list of
`{ name, inputs, adopt }`, inputs named as in TypeScript), each field a user
reads exported as `<case>_<field>`. A case with `adopt` takes its auth_key from
the secret `authKeys` map.
"""

import re

import pulumi
import pulumi_cleantalk as cleantalk

config = pulumi.Config()
cases = config.require_object("cases")
auth_keys = config.get_secret_object("authKeys")


def snake(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


for case in cases:
    name = case["name"]
    inputs = {snake(key): value for key, value in case["inputs"].items()}
    if case.get("adopt"):
        inputs["auth_key"] = auth_keys.apply(lambda keys, name=name: keys[name])
    key = cleantalk.AccessKey(name, **inputs)
    fields = {
        "authKey": key.auth_key,
        "websites": key.websites,
        "fingerprint": key.fingerprint,
        "hostnames": key.hostnames,
        "source": key.source,
        "keyStatus": key.key_status,
        "rotationState": key.rotation_state,
        "createdAt": key.created_at,
        "expiresAt": key.expires_at,
        "rotateAfter": key.rotate_after,
        "productName": key.product_name,
        "maxAge": key.max_age,
        "renewBefore": key.renew_before,
        "label": key.label,
        "pendingSites": key.pending_sites,
        "createdAtEstimated": key.created_at_estimated,
    }
    for field, value in fields.items():
        pulumi.export(f"{name}_{field}", value)
