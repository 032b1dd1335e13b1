/**
 * The shape of a CleanTalk Access key, as CleanTalk's own clients validate it:
 * lowercase letters and digits, 3–30 characters (real keys are 8–15).
 */
export const AUTH_KEY_PATTERN = /^[a-z0-9]{3,30}$/;
