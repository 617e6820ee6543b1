// Exit codes a CI can branch on.
export const EXIT_OK = 0; // plan: nothing to change; apply: the permissions match the file
export const EXIT_FAILURE = 1; // any error, and an apply that left the permissions unlike the file
export const EXIT_CHANGES_PENDING = 2; // plan: apply would change something
