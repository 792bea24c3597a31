-- With restoreBest, the best epoch so far, recorded with every finished epoch: a job that ends
-- without its run saying which weights it holds (a crash loop, retries given up, maxRuntime
-- passed while it waited) still names the best epoch's checkpoint, which is kept, as its model.
alter table job add column best_epoch integer;
