-- Per-epoch parameter health, and why early stopping ended a run.
alter table job_epoch add column weight_norm double precision not null default 0;
alter table job_epoch add column update_ratio double precision not null default 0;
alter table job add column early_stopping_json varchar(2000);
