-- Jobs and their per-epoch metrics. The same DDL runs on H2 (in PostgreSQL mode) and PostgreSQL.
create table job (
    id                 uuid          not null primary key,
    name               varchar(200)  not null,
    status             varchar(16)   not null,
    dataset_id         varchar(100)  not null,
    spec_json          varchar(65536) not null,
    total_epochs       integer       not null,
    completed_epochs   integer       not null,
    cancel_requested   boolean       not null,
    created_at         timestamp with time zone not null,
    started_at         timestamp with time zone,
    finished_at        timestamp with time zone,
    error_type         varchar(40),
    error_message      varchar(2000),
    error_epoch        integer,
    version            bigint        not null
);
create index job_status_created_idx on job (status, created_at);
create index job_created_idx on job (created_at);

create table job_epoch (
    job_id               uuid             not null references job (id) on delete cascade,
    epoch                integer          not null,
    train_loss           double precision not null,
    train_accuracy       double precision,
    validation_loss      double precision,
    validation_accuracy  double precision,
    learning_rate        double precision not null,
    duration_ms          bigint           not null,
    samples_per_second   double precision not null,
    recorded_at          timestamp with time zone not null,
    primary key (job_id, epoch)
);

-- db-scheduler's queue table (its PostgreSQL DDL; H2 accepts it in PostgreSQL mode).
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
