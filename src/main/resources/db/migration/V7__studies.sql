-- Hyperparameter studies. A study's trials are ordinary jobs that name their study, their trial
-- number (unique within the study, so a trial is never created twice, whichever node advances
-- the study) and stage, and the parameters sampled for them. A trial stopped by the study's
-- pruner ends PRUNED with stop_reason.
create table study (
    id                 uuid          not null primary key,
    name               varchar(200)  not null,
    status             varchar(16)   not null,
    spec_json          varchar(200000) not null,
    stage              integer       not null,
    stages_json        varchar(200000) not null,
    preflight_json     varchar(20000),
    error_message      varchar(2000),
    created_at         timestamp with time zone not null,
    finished_at        timestamp with time zone,
    version            bigint        not null
);
create index study_status_idx on study (status);
create index study_created_idx on study (created_at);

alter table job add column study_id uuid references study (id);
alter table job add column trial_number integer;
alter table job add column trial_stage integer;
alter table job add column trial_params_json varchar(20000);
alter table job add column stop_reason varchar(2000);
create unique index job_study_trial_idx on job (study_id, trial_number);
