import { parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";
import type { PgliteDurability } from "./pgliteDurability.js";
import { refuseRolledBackCommit } from "./refusedCommit.js";

/** How many prepared statements the session keeps (the service runs a few dozen distinct ones). */
const STATEMENTS_KEPT = 256;

const { serialize } = protocol;

/** Statements that are worth preparing once and running again (data, not the schema or the session). */
const REUSABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** Statements that leave prepared statements as they are (transaction control). */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|start transaction|end)\b/i;

/**
 * The one PGlite session, spoken to in PostgreSQL's protocol directly (#16). PGlite's own
 * `query` makes six calls into the WASM backend per statement (Parse, Describe, Bind, Describe,
 * Execute, Sync, each a separate run of the backend's loop and of the reply parser), and parses
 * and plans every statement again. Here a data statement (SELECT, INSERT, UPDATE, DELETE, WITH)
 * is parsed once, as a named prepared statement whose parameter types are learnt then, and each
 * run after is one call: Bind, Describe, Execute and Sync in one message. Other statements run
 * unnamed, in one call too (a statement without parameters in the simple protocol); any that is
 * not transaction control (DDL, SET) drops the prepared statements, so none outlives a change
 * of the schema. Values are serialised by PGlite's serialisers for the parameter's type, rows
 * parsed by its parsers, as its `query` does.
 *
 * Callers run one statement at a time (the dialect's driver holds the one connection).
 */
export class PgliteSession {
  private readonly statements = new Map<string, { name: string; types: number[] }>();
  private next = 0;
  /** Prepared statements dropped from the map, closed in the next call. */
  private closing: string[] = [];
  /** WAL was written since the last flush started and the session is outside a transaction: `durable()` flushes. */
  private owed = false;

  constructor(
    private readonly pglite: PGlite,
    readonly durability: PgliteDurability,
  ) {}

  /**
   * Runs one statement. What it commits is durable only after `durable()`, which the driver
   * awaits once it has let the next holder in, so that concurrent commits share their sync.
   */
  async query(sql: string, parameters: readonly unknown[]): Promise<Results> {
    return this.pglite.runExclusive(async () => {
      try {
        return await this.statement(sql, parameters);
      } finally {
        if (this.durability.owesFlush() && !this.pglite.isInTransaction()) this.owed = true;
      }
    });
  }

  /**
   * Resolves once what the statements since the last call committed is on disk, and what they
   * read of others' commits too (the sync running or queued when it is called is awaited: a
   * read must not answer with a commit a power cut could still lose).
   */
  async durable(): Promise<void> {
    if (!this.owed) return this.durability.settled();
    this.owed = false;
    await this.durability.flush();
  }

  private async statement(sql: string, parameters: readonly unknown[]): Promise<Results> {
    if (!REUSABLE.test(sql)) return this.unnamed(sql, parameters);
    const statement = this.statements.get(sql) ?? (await this.prepare(sql));
    // Most recently used last: the first entry is the one to drop.
    this.statements.delete(sql);
    this.statements.set(sql, statement);
    return this.run([serialize.bind({ statement: statement.name, values: this.values(parameters, statement.types) }), serialize.describe({ type: "P" }), serialize.execute({})]);
  }

  /** Forgets the prepared statements (the session's are gone or about to be: a closed database). */
  forget(): void {
    this.statements.clear();
    this.closing = [];
  }

  private async prepare(sql: string): Promise<{ name: string; types: number[] }> {
    const name = `mohar_${this.next++}`;
    const { messages } = await this.exec([serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name }), serialize.sync()]);
    const statement = { name, types: parse.parseDescribeStatementResults(messages) };
    if (this.statements.size >= STATEMENTS_KEPT) {
      const [oldest] = this.statements.keys();
      if (oldest !== undefined) {
        this.closing.push(this.statements.get(oldest)!.name);
        this.statements.delete(oldest);
      }
    }
    return statement;
  }

  private async unnamed(sql: string, parameters: readonly unknown[]): Promise<Results> {
    let result: Results;
    if (parameters.length === 0) {
      const { messages } = await this.exec([serialize.query(sql)]);
      result = parse.parseResults(messages, this.pglite.parsers).at(-1)!;
    } else {
      const { messages } = await this.exec([serialize.parse({ text: sql }), serialize.describe({ type: "S" }), serialize.sync()]);
      const types = parse.parseDescribeStatementResults(messages);
      result = await this.run([serialize.bind({ values: this.values(parameters, types) }), serialize.describe({ type: "P" }), serialize.execute({})]);
    }
    refuseRolledBackCommit(sql, result.command);
    if (!TRANSACTION_CONTROL.test(sql) && this.statements.size > 0) {
      for (const s of this.statements.values()) this.closing.push(s.name);
      this.statements.clear();
    }
    return result;
  }

  /** One extended-protocol run (the messages given, then Sync) in one call into the backend. */
  private async run(messages: Uint8Array[]): Promise<Results> {
    const reply = await this.exec([...messages, serialize.sync()]);
    return parse.parseResults(reply.messages, this.pglite.parsers)[0]!;
  }

  /** Sends the messages in one call, after the Close of any statement dropped since the last. */
  private async exec(messages: Uint8Array[]): Promise<{ messages: Parameters<typeof parse.parseResults>[0] }> {
    const closes = this.closing.map((name) => serialize.close({ type: "S", name }));
    this.closing = [];
    const all = [...closes, ...messages];
    const buffer = new Uint8Array(all.reduce((n, m) => n + m.length, 0));
    let at = 0;
    for (const m of all) {
      buffer.set(m, at);
      at += m.length;
    }
    return this.pglite.execProtocol(buffer, { throwOnError: true });
  }

  /** Values as text, by the serialiser of each parameter's type (as PGlite's `query` serialises them). */
  private values(parameters: readonly unknown[], types: number[]): Array<string | null> {
    return parameters.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.pglite.serializers[types[i]!];
      return serializer ? serializer(value) : String(value);
    });
  }
}
