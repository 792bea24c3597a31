-- The epoch whose parameters a finished job's model holds: the best epoch's with restoreBest
-- (early stop or last epoch), else the last finished one. Null until the run finishes training.
alter table job add column weights_from_epoch integer;
