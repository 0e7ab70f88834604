package ioeffect

import "strings"

// This file judges libraries by import path: the clients of databases
// and stores, whose calls are Store, and the logging, metrics and tracing
// libraries, whose calls are nothing.

// storeLibs are the import paths (a package, or with "/..." a package and
// those under it) of
// database, ORM, query-builder and key-value store clients: a call to
// any of their functions or methods is Store (and Net), and what it
// returns is stored data.
var storeLibs = []string{
	"database/sql/...",
	"github.com/jmoiron/sqlx/...",
	"gorm.io/gorm/...",
	"github.com/jinzhu/gorm/...",
	"github.com/jackc/pgx/...",
	"github.com/jackc/pgconn/...",
	"github.com/lib/pq/...",
	"github.com/go-sql-driver/mysql/...",
	"github.com/mattn/go-sqlite3/...",
	"modernc.org/sqlite/...",
	"go.mongodb.org/mongo-driver/...",
	"gopkg.in/mgo.v2/...",
	"github.com/redis/go-redis/...",
	"github.com/go-redis/redis/...",
	"github.com/gomodule/redigo/...",
	"entgo.io/ent/...",
	"github.com/uptrace/bun/...",
	"github.com/go-pg/pg/...",
	"xorm.io/xorm/...",
	"github.com/gocql/gocql/...",
	"go.etcd.io/bbolt/...",
	"github.com/boltdb/bolt/...",
	"github.com/dgraph-io/badger/...",
	"github.com/syndtr/goleveldb/...",
	"github.com/cockroachdb/pebble/...",
	"github.com/elastic/go-elasticsearch/...",
	"github.com/olivere/elastic/...",
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/...",
	"github.com/doug-martin/goqu/...",
	"github.com/Masterminds/squirrel/...",
	"github.com/georgysavva/scany/...",
	"github.com/volatiletech/sqlboiler/...",
	"github.com/pocketbase/dbx/...",
	"github.com/ClickHouse/clickhouse-go/...",
	"github.com/couchbase/gocb/...",
	"github.com/scylladb/gocqlx/...",
}

// quietLibs are the import paths (as in storeLibs) of
// logging, metrics and tracing libraries: their calls buffer, count or
// write to the console, and are not followed.
var quietLibs = []string{
	"log",
	"log/slog",
	"go.uber.org/zap/...",
	"github.com/sirupsen/logrus/...",
	"github.com/rs/zerolog/...",
	"github.com/go-kit/log/...",
	"github.com/go-kit/kit/log/...",
	"github.com/go-logr/logr/...",
	"k8s.io/klog/...",
	"github.com/hashicorp/go-hclog/...",
	"github.com/golang/glog/...",
	"github.com/inconshreveable/log15/...",
	"gopkg.in/inconshreveable/log15.v2/...",
	"github.com/apex/log/...",
	"github.com/op/go-logging/...",
	"github.com/prometheus/client_golang/prometheus",
	"github.com/prometheus/client_golang/prometheus/promauto",
	"go.opentelemetry.io/otel",
	"go.opentelemetry.io/otel/trace/...",
	"go.opentelemetry.io/otel/metric/...",
	"go.opentelemetry.io/otel/attribute/...",
	"go.opentelemetry.io/otel/baggage/...",
	"go.opentelemetry.io/otel/codes/...",
	"go.opentelemetry.io/otel/propagation/...",
	"github.com/opentracing/opentracing-go/...",
	"go.opencensus.io/trace/...",
	"go.opencensus.io/stats/...",
	"github.com/armon/go-metrics/...",
	"github.com/hashicorp/go-metrics/...",
	"github.com/rcrowley/go-metrics/...",
	"github.com/VictoriaMetrics/metrics/...",
}

// computeLibs are the import paths (as in storeLibs) of libraries of
// pure computation that the standard library's table would judge nothing
// if they were the standard library's own: forks and ports of regexp.
// Solved from source, their replacements call a callback parameter (a
// function value, Unseen) and their matchers read an io.RuneReader for
// the Reader APIs, so every ReplaceAllString looked like a call of unseen
// code (prometheus' strutil.SanitizeLabelName over github.com/grafana/regexp
// made a goroutine that only builds labels count as I/O). A call into them
// is nothing, as one into the standard library's regexp.
var computeLibs = []string{
	"github.com/grafana/regexp/...",
	"github.com/dlclark/regexp2/...",
	"github.com/wasilibs/go-re2/...",
}

// storeTypeSuffixes are the endings of the names of types whose methods
// query stored data: a repository interface (UserStore, OrderRepository,
// AccountRepo, sqlc's Queries) is Store whatever implements it.
var storeTypeSuffixes = []string{"Store", "Storage", "Repo", "Repository", "DAO", "Dao", "DB", "Database", "Queries", "Querier"}

// matchPath reports whether path is one of list's: "x" matches x,
// "x/..." matches x and the packages under it.
func matchPath(path string, list []string) bool {
	for _, p := range list {
		if tree, ok := strings.CutSuffix(p, "/..."); ok {
			if path == tree || strings.HasPrefix(path, tree+"/") {
				return true
			}
		} else if path == p {
			return true
		}
	}
	return false
}

// storeLib reports whether path is a store client's package.
func storeLib(path string) bool { return matchPath(path, storeLibs) }

// quietLib reports whether path is a logging, metrics or tracing package,
// or a library of pure computation.
func quietLib(path string) bool { return matchPath(path, quietLibs) || matchPath(path, computeLibs) }

// storeNamed reports whether a type's full name ("path.Name") ends like a
// store's.
func storeNamed(full string) bool {
	name := full[strings.LastIndexByte(full, '.')+1:]
	for _, s := range storeTypeSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
