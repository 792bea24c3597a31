-- Uploaded and generated datasets (the data itself is a file under descent.datasets.dir), and what
-- a trained model needs besides its weights (class names, feature count, normalization).
create table dataset (
    id                  varchar(100)  not null primary key,
    name                varchar(200)  not null,
    source              varchar(300)  not null,
    task                varchar(16)   not null,
    label_column        varchar(200),
    class_names_json    varchar(100000) not null,
    feature_names_json  varchar(1000000) not null,
    stats_json          varchar(1000000) not null,
    train_rows          integer       not null,
    test_rows           integer       not null,
    content_hash        varchar(64)   not null,
    data_path           varchar(1000) not null,
    size_bytes          bigint        not null,
    created_at          timestamp with time zone not null
);

alter table job add column model_info_json varchar(1000000);
