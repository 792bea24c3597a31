-- A checkpoint taken inside an epoch (a shutdown stopped the run after some of its batches): the
-- file, the finished epochs it continues after, and the batches of the next one already trained.
-- At most one per job; the next finished epoch (or a resume that cannot use it) drops it.
alter table job add column partial_checkpoint varchar(1000);
alter table job add column partial_epoch integer;
alter table job add column partial_step integer;
