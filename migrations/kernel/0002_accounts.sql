-- People: staff users, their roles on tenants, sessions, API tokens and failed logins.

CREATE TABLE users (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ
);

CREATE TABLE memberships (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('super_admin', 'platform_admin', 'company_owner', 'vendor_owner', 'vendor_manager', 'vendor_staff')),
    platform_id UUID REFERENCES platforms(id) ON DELETE CASCADE,
    company_id UUID REFERENCES companies(id) ON DELETE CASCADE,
    vendor_id UUID REFERENCES vendors(id) ON DELETE CASCADE,
    -- 'global', 'platform:<id>', …: one text column so the uniqueness rule sees NULL scopes as equal.
    scope_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, role, scope_key),
    CHECK (
        (role = 'super_admin' AND platform_id IS NULL AND company_id IS NULL AND vendor_id IS NULL)
        OR (role = 'platform_admin' AND platform_id IS NOT NULL AND company_id IS NULL AND vendor_id IS NULL)
        OR (role = 'company_owner' AND company_id IS NOT NULL AND platform_id IS NULL AND vendor_id IS NULL)
        OR (role IN ('vendor_owner', 'vendor_manager', 'vendor_staff') AND vendor_id IS NOT NULL AND platform_id IS NULL AND company_id IS NULL)
    )
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_vendor ON memberships (vendor_id);
CREATE INDEX memberships_platform ON memberships (platform_id);
CREATE INDEX memberships_company ON memberships (company_id);

-- Only the SHA-256 of the session cookie is stored.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    address TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Only the SHA-256 of the token is stored; the token is shown once at creation.
CREATE TABLE api_tokens (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    token_prefix TEXT NOT NULL,
    role TEXT NOT NULL,
    platform_id UUID REFERENCES platforms(id) ON DELETE CASCADE,
    vendor_id UUID REFERENCES vendors(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    CHECK ((platform_id IS NULL) <> (vendor_id IS NULL))
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_address ON login_failures (address, failed_at);
