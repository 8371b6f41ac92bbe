// Package bench measures Clientele on realistic files: it generates customer files of a given
// size (Generator, WriteCSV, WriteXLSX), and runs the import workflow's steps — read, dry run,
// full import, export — each in a fresh database and in a child process of its own, so that one
// step's memory does not pollute the next one's peak (Run, RunStep). On PostgreSQL it also times
// psql's \copy of the same file into a table with the same unique indexes: the baseline an import
// is compared with; and after the full import, \copy of what it wrote into copies of its own
// tables (StepWrites): the part of the import that is the server's, whatever the client does.
//
// Timings are reported, never asserted: they belong to the machine that ran them.
package bench
