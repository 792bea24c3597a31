-- API keys (only a hash of each key is stored) and the owner of what keys create.
create table api_key (
    id                    uuid          not null primary key,
    name                  varchar(200)  not null,
    role                  varchar(16)   not null,
    -- sha-256 of the whole key, hex: keys are 256 random bits, so a fast hash is enough and lookups are by it.
    hash                  varchar(64)   not null,
    -- the key's first characters, to recognise it in a list
    prefix                varchar(16)   not null,
    created_at            timestamp with time zone not null,
    last_used_at          timestamp with time zone,
    revoked_at            timestamp with time zone,
    -- per-key quota overrides; null: the configured default
    max_active_jobs       integer,
    max_running_trials    integer,
    max_dataset_bytes     bigint,
    max_requests_per_minute integer
);
create unique index api_key_hash_idx on api_key (hash);

-- null: created without a key (on loopback, before keys): visible to admins only once keys are in use.
alter table job add column owner uuid;
alter table study add column owner uuid;
alter table dataset add column owner uuid;
create index job_owner_idx on job (owner, status);
