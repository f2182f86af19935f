package dev.ferry.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database shaped like Redash's (organizations, users, data_sources, query_results with large JSON text, queries,
 * visualizations, dashboards, widgets, events, alembic_version), with foreign keys, indexes and sequences, filled
 * server-side with generate_series so that even the benchmark's ~750 MB take seconds, not minutes. Deterministic.
 */
public final class RedashLikeDatabase {
    private RedashLikeDatabase() {
    }

    /** Row counts; {@code resultRows} is how many rows each query result's JSON holds (~55 bytes each). */
    public record Scale(int users, int queries, int queryResults, int resultRows, int events) {
        public static Scale small() {
            return new Scale(40, 120, 300, 20, 4000);
        }

        /** Roughly {@code megabytes} on disk, indexes included (calibrated with pg_database_size on PostgreSQL 15). */
        public static Scale ofMegabytes(int megabytes) {
            return new Scale(500, 5000, megabytes * 63, 200, megabytes * 2280);
        }
    }

    public static void create(Connection c, Scale scale) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(SCHEMA);
            st.execute("insert into organizations (name, slug, settings) values ('Acme', 'default', '{}')");
            st.execute("insert into data_sources (org_id, name, type, encrypted_options, queue_name, scheduled_queue_name)"
                    + " select 1, 'source ' || g, (array['pg','mysql','bigquery','url','python'])[g], decode(md5(g::text), 'hex'),"
                    + " 'queries', 'scheduled_queries' from generate_series(1, 5) g");
            st.execute("insert into users (org_id, name, email, password_hash, groups, api_key, details)"
                    + " select 1, 'User ' || g, 'user' || g || '@example.com', md5('pw' || g), array[1, 2], md5('key' || g),"
                    + " json_build_object('active_at', timestamptz '2024-01-01' + g * interval '1 hour')"
                    + " from generate_series(1, " + scale.users() + ") g");
            st.execute(queryResults(scale));
            st.execute(queries(scale));
            st.execute("insert into visualizations (type, query_id, name, options) select (array['TABLE','CHART'])[1 + g % 2],"
                    + " 1 + g / 2 % " + scale.queries() + ", 'Visualization ' || g, '{\"series\": {\"stacking\": null}, \"columns\": []}'"
                    + " from generate_series(0, " + (2 * scale.queries() - 1) + ") g");
            st.execute("insert into dashboards (version, org_id, slug, name, user_id, layout, tags)"
                    + " select 1, 1, 'dashboard-' || g, 'Dashboard ' || g, 1 + g % " + scale.users() + ", '[]', array['team' || g % 7]"
                    + " from generate_series(1, " + Math.max(1, scale.queries() / 10) + ") g");
            st.execute("insert into widgets (visualization_id, width, options, dashboard_id) select g, 1,"
                    + " '{\"position\": {\"col\": ' || g % 6 || ', \"row\": ' || g / 6 || ', \"sizeX\": 3, \"sizeY\": 8}}',"
                    + " 1 + g % " + Math.max(1, scale.queries() / 10) + " from generate_series(1, " + scale.queries() + ") g");
            st.execute(events(scale));
            st.execute("insert into alembic_version values ('89bc7873a3e0')");
            st.execute("select setval('query_snippets_seq', 7, false)");
            st.execute("analyze");
        }
    }

    private static String queryResults(Scale scale) {
        return "insert into query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)"
                + " select 1, 1 + g % 5, md5('q' || g % " + scale.queries() + "), 'select * from events where id > ' || g,"
                + " (select '{\"columns\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": \"value\", \"type\": \"string\"}], \"rows\": ['"
                + " || string_agg('{\"id\": ' || r || ', \"value\": \"' || md5(g || '-' || r) || '\"}', ', ') || ']}'"
                + " from generate_series(1, " + scale.resultRows() + ") r), (g % 1000) / 97.0,"
                + " timestamptz '2024-01-01' + g * interval '1 minute' from generate_series(1, " + scale.queryResults() + ") g";
    }

    private static String queries(Scale scale) {
        return "insert into queries (version, org_id, data_source_id, latest_query_data_id, name, description, query, query_hash,"
                + " api_key, user_id, last_modified_by_id, schedule, options, search_vector, tags)"
                + " select 1, 1, 1 + g % 5, 1 + g % " + scale.queryResults() + ", 'Query ' || g, 'About query ' || g,"
                + " 'select * from events where id > ' || g, md5('q' || g), md5('qk' || g), 1 + g % " + scale.users() + ","
                + " 1 + (g + 1) % " + scale.users() + ", case when g % 3 = 0 then json_build_object('interval', 3600) end,"
                + " '{\"parameters\": []}', to_tsvector('simple', 'query ' || g || ' events'), array['tag' || g % 11]"
                + " from generate_series(1, " + scale.queries() + ") g";
    }

    private static String events(Scale scale) {
        return "insert into events (org_id, user_id, action, object_type, object_id, additional_properties, created_at)"
                + " select 1, 1 + g % " + scale.users() + ", (array['view','execute_query','edit','login'])[1 + g % 4], 'query',"
                + " (g % " + scale.queries() + ")::text, '{\"ip\": \"10.0.' || g % 255 || '.' || g % 7 || '\", \"user_agent\":"
                + " \"Mozilla/5.0 (X11; Linux x86_64)\", \"referer\": \"/queries/' || g % 97 || '\"}',"
                + " timestamptz '2024-01-01' + g * interval '1 second' from generate_series(1, " + scale.events() + ") g";
    }

    private static final String SCHEMA = """
            create table organizations (id serial primary key, name varchar(255) not null, slug varchar(255) not null unique,
              settings text, created_at timestamptz not null default '2024-01-01', updated_at timestamptz not null default '2024-01-01');
            create table users (id serial primary key, org_id int not null references organizations(id), name varchar(320) not null,
              email varchar(255) not null, password_hash varchar(128), groups int[], api_key varchar(40) not null unique,
              disabled_at timestamptz, details json default '{}', created_at timestamptz not null default '2024-01-01',
              unique (email, org_id));
            create table data_sources (id serial primary key, org_id int not null references organizations(id),
              name varchar(255) not null, type varchar(255) not null, encrypted_options bytea, queue_name varchar(255),
              scheduled_queue_name varchar(255), created_at timestamptz not null default '2024-01-01');
            create table query_results (id serial primary key, org_id int not null references organizations(id),
              data_source_id int not null references data_sources(id), query_hash varchar(32) not null, query text not null,
              data text not null, runtime double precision not null, retrieved_at timestamptz not null);
            create index ix_query_results_query_hash on query_results (query_hash);
            create table queries (id serial primary key, version int not null, org_id int not null references organizations(id),
              data_source_id int references data_sources(id), latest_query_data_id int references query_results(id),
              name varchar(255) not null, description varchar(4096), query text not null, query_hash varchar(32) not null,
              api_key varchar(40) not null, user_id int not null references users(id), last_modified_by_id int references users(id),
              is_archived boolean not null default false, is_draft boolean not null default false, schedule json,
              schedule_failures int not null default 0, options text, search_vector tsvector, tags varchar[],
              created_at timestamptz not null default '2024-01-01', updated_at timestamptz not null default '2024-01-01');
            create index ix_queries_is_archived on queries (is_archived);
            create index ix_queries_search_vector on queries using gin (search_vector);
            create table visualizations (id serial primary key, type varchar(100) not null,
              query_id int not null references queries(id), name varchar(255) not null, description varchar(4096),
              options text not null, created_at timestamptz not null default '2024-01-01');
            create table dashboards (id serial primary key, version int not null, org_id int not null references organizations(id),
              slug varchar(140) not null, name varchar(100) not null, user_id int not null references users(id),
              layout text not null, dashboard_filters_enabled boolean not null default false, is_archived boolean not null default false,
              is_draft boolean not null default false, tags varchar[], options json not null default '{}',
              created_at timestamptz not null default '2024-01-01');
            create index ix_dashboards_slug on dashboards (slug);
            create table widgets (id serial primary key, visualization_id int references visualizations(id) on delete cascade,
              text text, width int not null, options text not null, dashboard_id int not null references dashboards(id),
              created_at timestamptz not null default '2024-01-01');
            create index ix_widgets_dashboard_id on widgets (dashboard_id);
            create table events (id serial primary key, org_id int not null references organizations(id),
              user_id int references users(id), action varchar(255) not null, object_type varchar(255) not null,
              object_id varchar(255), additional_properties text, created_at timestamptz not null default '2024-01-01');
            create index ix_events_created_at on events (created_at);
            create table alembic_version (version_num varchar(32) not null primary key);
            create sequence query_snippets_seq;
            """;
}
