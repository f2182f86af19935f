-- A Redash-like schema (the tables a Redash 10 database has that matter to a migration) with a few thousand rows.
-- Deterministic content (no random()) so that two seeded databases compare equal.
create table organizations (
    id serial primary key, name varchar(255) not null, slug varchar(255) not null unique,
    settings text not null default '{}', created_at timestamptz not null, updated_at timestamptz not null);
create table users (
    id serial primary key, org_id integer not null references organizations, name varchar(320) not null,
    email varchar(255) not null, password_hash varchar(128), groups integer[], api_key varchar(40) not null unique,
    disabled_at timestamptz, details json default '{}', created_at timestamptz not null, updated_at timestamptz not null,
    unique (email, org_id));
create table data_sources (
    id serial primary key, org_id integer not null references organizations, name varchar(255) not null,
    type varchar(255) not null, encrypted_options bytea not null, queue_name varchar(255) not null,
    scheduled_queue_name varchar(255) not null, created_at timestamptz not null);
create table query_results (
    id serial primary key, org_id integer not null references organizations,
    data_source_id integer not null references data_sources, query_hash varchar(32) not null, query text not null,
    data text not null, runtime double precision not null, retrieved_at timestamptz not null);
create table queries (
    id serial primary key, version integer not null, org_id integer not null references organizations,
    data_source_id integer references data_sources, latest_query_data_id integer references query_results,
    name varchar(255) not null, description varchar(4096), query text not null, query_hash varchar(32) not null,
    api_key varchar(40) not null, user_id integer not null references users, last_modified_by_id integer references users,
    is_archived boolean not null, is_draft boolean not null, schedule text, schedule_failures integer not null,
    options text not null, search_vector tsvector, tags varchar[], created_at timestamptz not null,
    updated_at timestamptz not null);
create index ix_queries_search_vector on queries using gin (search_vector);
create table visualizations (
    id serial primary key, type varchar(100) not null, query_id integer not null references queries,
    name varchar(255) not null, description varchar(4096), options text not null, created_at timestamptz not null,
    updated_at timestamptz not null);
create table dashboards (
    id serial primary key, version integer not null, org_id integer not null references organizations,
    slug varchar(140) not null, name varchar(100) not null, user_id integer not null references users,
    layout text not null, dashboard_filters_enabled boolean not null, is_archived boolean not null,
    is_draft boolean not null, tags varchar[], options json not null default '{}', created_at timestamptz not null,
    updated_at timestamptz not null);
create table widgets (
    id serial primary key, visualization_id integer references visualizations, text text, width integer not null,
    options text not null, dashboard_id integer not null references dashboards, created_at timestamptz not null,
    updated_at timestamptz not null);
create table events (
    id serial primary key, org_id integer not null references organizations, user_id integer references users,
    action varchar(255) not null, object_type varchar(255) not null, object_id varchar(255),
    additional_properties text, created_at timestamptz not null);

insert into organizations (name, slug, settings, created_at, updated_at)
values ('Acme', 'default', '{"settings": {"beacon_consent": false}}', '2021-03-01 10:00:00+00', '2021-03-01 10:00:00+00');

insert into users (org_id, name, email, password_hash, groups, api_key, details, created_at, updated_at)
select 1, 'User ' || i, 'user' || i || '@example.com', '$6$rounds=656000$' || md5('pw' || i), array[1, 2],
       substr(md5('key' || i), 1, 40), json_build_object('is_invitation_pending', i % 7 = 0),
       timestamptz '2021-03-01 10:00:00+00' + i * interval '1 hour', timestamptz '2021-03-02 10:00:00+00' + i * interval '1 hour'
from generate_series(1, 50) i;

insert into data_sources (org_id, name, type, encrypted_options, queue_name, scheduled_queue_name, created_at)
select 1, 'Source ' || i, (array['pg', 'mysql', 'bigquery'])[i], decode(md5('options' || i), 'hex'), 'queries',
       'scheduled_queries', timestamptz '2021-03-01 11:00:00+00'
from generate_series(1, 3) i;

insert into query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)
select 1, 1 + i % 3, md5('q' || (1 + i % 500)), 'select * from t' || (1 + i % 500),
       json_build_object('columns', json_build_array(json_build_object('name', 'n', 'type', 'integer')),
                         'rows', (select json_agg(json_build_object('n', i * 10 + r)) from generate_series(1, 10) r))::text,
       (i % 1000) / 100.0, timestamptz '2022-01-01 00:00:00+00' + i * interval '17 minutes'
from generate_series(1, 1500) i;

insert into queries (version, org_id, data_source_id, latest_query_data_id, name, description, query, query_hash,
                     api_key, user_id, last_modified_by_id, is_archived, is_draft, schedule, schedule_failures, options,
                     search_vector, tags, created_at, updated_at)
select 1, 1, 1 + i % 3, 1000 + i, 'Query ' || i, 'Counts things for report ' || i, 'select * from t' || i,
       md5('q' || i), substr(md5('qkey' || i), 1, 40), 1 + i % 50, 1 + (i + 1) % 50, i % 20 = 0, i % 9 = 0,
       case when i % 4 = 0 then '{"interval": 3600, "until": null, "day_of_week": null, "time": null}' end, 0,
       '{"parameters": []}', to_tsvector('simple', 'Query ' || i || ' report'), array['team' || i % 5],
       timestamptz '2021-06-01 00:00:00+00' + i * interval '1 day', timestamptz '2021-06-02 00:00:00+00' + i * interval '1 day'
from generate_series(1, 500) i;

insert into visualizations (type, query_id, name, description, options, created_at, updated_at)
select (array['TABLE', 'CHART'])[1 + i % 2], 1 + i % 500, 'Viz ' || i, null,
       '{"globalSeriesType": "line", "sortX": true}', timestamptz '2021-07-01 00:00:00+00' + i * interval '3 hours',
       timestamptz '2021-07-01 00:00:00+00' + i * interval '3 hours'
from generate_series(1, 1000) i;

insert into dashboards (version, org_id, slug, name, user_id, layout, dashboard_filters_enabled, is_archived, is_draft,
                        tags, options, created_at, updated_at)
select 1, 1, 'dashboard-' || i, 'Dashboard ' || i, 1 + i % 50, '[]', false, false, i % 10 = 0, array['ops'],
       '{"refresh": 60}', timestamptz '2021-08-01 00:00:00+00' + i * interval '1 day',
       timestamptz '2021-08-01 00:00:00+00' + i * interval '1 day'
from generate_series(1, 60) i;

insert into widgets (visualization_id, text, width, options, dashboard_id, created_at, updated_at)
select 1 + i % 1000, case when i % 10 = 0 then '## Notes ' || i end, 1,
       '{"position": {"col": ' || i % 6 || ', "row": ' || i / 6 || ', "sizeX": 3, "sizeY": 8}}', 1 + i % 60,
       timestamptz '2021-09-01 00:00:00+00' + i * interval '1 hour', timestamptz '2021-09-01 00:00:00+00' + i * interval '1 hour'
from generate_series(1, 400) i;

insert into events (org_id, user_id, action, object_type, object_id, additional_properties, created_at)
select 1, 1 + i % 50, (array['view', 'execute', 'edit', 'login'])[1 + i % 4], 'query', (1 + i % 500)::text,
       '{"ip": "10.0.0.' || i % 250 || '", "user_agent": "Mozilla/5.0"}',
       timestamptz '2023-01-01 00:00:00+00' + i * interval '5 minutes'
from generate_series(1, 3000) i;
