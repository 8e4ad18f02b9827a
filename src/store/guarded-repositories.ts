// Every public store call goes through one of two runners: `direct` (one statement, or
// idempotent on its own) or `write` (several statements that must land together). The real store
// and the in-memory fake share this table so they cannot drift apart.
import type { Repositories } from '../app/ports/store.js';
import { BatchTakenError } from '../app/ports/outbox.js';

export type StoreRunner = <T>(what: string, work: (r: Repositories) => Promise<T>) => Promise<T>;

export function guardedRepositories(direct: StoreRunner, write: StoreRunner): Repositories {
  return {
    tickets: {
      create: (draft, event) => write('tickets.create', (r) => r.tickets.create(draft, event)),
      get: (no) => direct('tickets.get', (r) => r.tickets.get(no)),
      save: (ticket, events) => write('tickets.save', (r) => r.tickets.save(ticket, events)),
      events: (no) => direct('tickets.events', (r) => r.tickets.events(no)),
      list: (filter) => direct('tickets.list', (r) => r.tickets.list(filter)),
      latestResolvedFor: (id) => direct('tickets.latestResolvedFor', (r) => r.tickets.latestResolvedFor(id)),
      openFor: (id) => direct('tickets.openFor', (r) => r.tickets.openFor(id)),
    },
    outbox: {
      enqueue: (messages, now) => write('outbox.enqueue', (r) => r.outbox.enqueue(messages, now)),
      nextDue: (now, limit, account) => direct('outbox.nextDue', (r) => r.outbox.nextDue(now, limit, account)),
      markSent: (id, at) => direct('outbox.markSent', (r) => r.outbox.markSent(id, at)),
      markRetry: (id, error, next) => direct('outbox.markRetry', (r) => r.outbox.markRetry(id, error, next)),
      markFailed: (id, error) => direct('outbox.markFailed', (r) => r.outbox.markFailed(id, error)),
      pendingCount: (now) => direct('outbox.pendingCount', (r) => r.outbox.pendingCount(now)),
      oldestPendingAt: () => direct('outbox.oldestPendingAt', (r) => r.outbox.oldestPendingAt()),
      claim: (id, now, until, account) => direct('outbox.claim', (r) => r.outbox.claim(id, now, until, account)),
      batch: (leadId) => direct('outbox.batch', (r) => r.outbox.batch(leadId)),
      // All the rows or none: a partial claim throws inside the transaction and rolls back.
      claimBatch: (leadId, ids, now, until, account) =>
        write('outbox.claimBatch', (r) => r.outbox.claimBatch(leadId, ids, now, until, account)).catch((err: unknown) => {
          if (err instanceof BatchTakenError) return false;
          throw err;
        }),
      cancelPendingTo: (roomId, personId, since) =>
        direct('outbox.cancelPendingTo', (r) => r.outbox.cancelPendingTo(roomId, personId, since)),
    },
    inbound: {
      record: (message) => direct('inbound.record', (r) => r.inbound.record(message)),
      recordMany: (messages) => direct('inbound.recordMany', (r) => r.inbound.recordMany(messages)),
      markProcessedMany: (marks) => direct('inbound.markProcessedMany', (r) => r.inbound.markProcessedMany(marks)),
      markProcessed: (id, outcome, ticketNo) =>
        direct('inbound.markProcessed', (r) => r.inbound.markProcessed(id, outcome, ticketNo)),
      unprocessed: (limit, accountId) => direct('inbound.unprocessed', (r) => r.inbound.unprocessed(limit, accountId)),
      isProcessed: (id, accountId) => direct('inbound.isProcessed', (r) => r.inbound.isProcessed(id, accountId)),
    },
    identity: {
      revision: () => direct('identity.revision', (r) => r.identity.revision()),
      // Read in one transaction, so people and rooms are of the same moment.
      snapshot: () => write('identity.snapshot', (r) => r.identity.snapshot()),
      person: (id) => direct('identity.person', (r) => r.identity.person(id)),
      personByRemark: (remark) => direct('identity.personByRemark', (r) => r.identity.personByRemark(remark)),
      // Changes to who is who go with their audit entry: outside a transaction only in tests.
      savePerson: (person) => write('identity.savePerson', (r) => r.identity.savePerson(person)),
      removePerson: (id) => write('identity.removePerson', (r) => r.identity.removePerson(id)),
      movePerson: (from, to, now) => write('identity.movePerson', (r) => r.identity.movePerson(from, to, now)),
      room: (id) => direct('identity.room', (r) => r.identity.room(id)),
      seeRoom: (room, now) => write('identity.seeRoom', (r) => r.identity.seeRoom(room, now)),
      leftRooms: (ids, now) => direct('identity.leftRooms', (r) => r.identity.leftRooms(ids, now)),
      bindRoom: (room, binding, now) => write('identity.bindRoom', (r) => r.identity.bindRoom(room, binding, now)),
      createInvitation: (inv) => write('identity.createInvitation', (r) => r.identity.createInvitation(inv)),
      hasActiveInvitation: (hash, now) => direct('identity.hasActiveInvitation', (r) => r.identity.hasActiveInvitation(hash, now)),
      consumeInvitation: (hash, by, now) => direct('identity.consumeInvitation', (r) => r.identity.consumeInvitation(hash, by, now)),
      // The audit row and the revision bump land together.
      record: (change) => write('identity.record', (r) => r.identity.record(change)),
      auditLog: (options) => direct('identity.auditLog', (r) => r.identity.auditLog(options)),
      lastConfigSeeds: () => direct('identity.lastConfigSeeds', (r) => r.identity.lastConfigSeeds()),
    },
    attachments: {
      add: (a) => direct('attachments.add', (r) => r.attachments.add(a)),
      list: (no) => direct('attachments.list', (r) => r.attachments.list(no)),
      get: (id) => direct('attachments.get', (r) => r.attachments.get(id)),
    },
    ladder: {
      candidates: (scan) => direct('ladder.candidates', (r) => r.ladder.candidates(scan)),
      // Step, version bump and event land together or not at all.
      recordStep: (ticket, step, deadline, event) =>
        write('ladder.recordStep', (r) => r.ladder.recordStep(ticket, step, deadline, event)),
    },
    jobLocks: {
      acquire: (name, holder, now, expiresAt) => direct('jobLocks.acquire', (r) => r.jobLocks.acquire(name, holder, now, expiresAt)),
      release: (name, holder, now) => direct('jobLocks.release', (r) => r.jobLocks.release(name, holder, now)),
    },
    digests: {
      record: (run) => direct('digests.record', (r) => r.digests.record(run)),
      has: (kind, period) => direct('digests.has', (r) => r.digests.has(kind, period)),
    },
    metrics: {
      periodStats: (from, to, scope) => direct('metrics.periodStats', (r) => r.metrics.periodStats(from, to, scope)),
      totals: (now) => direct('metrics.totals', (r) => r.metrics.totals(now)),
      backlog: (now) => direct('metrics.backlog', (r) => r.metrics.backlog(now)),
      breakdown: (from, to, now, scope) => direct('metrics.breakdown', (r) => r.metrics.breakdown(from, to, now, scope)),
      mostOverdue: (now, limit, scope) => direct('metrics.mostOverdue', (r) => r.metrics.mostOverdue(now, limit, scope)),
      reportsBetween: (from, to, limit, scope) =>
        direct('metrics.reportsBetween', (r) => r.metrics.reportsBetween(from, to, limit, scope)),
      flow: (bounds, scope) => direct('metrics.flow', (r) => r.metrics.flow(bounds, scope)),
    },
    retention: {
      deleteChat: (before, limit) => direct('retention.deleteChat', (r) => r.retention.deleteChat(before, limit)),
      deleteFinishedOutbox: (before, limit) => direct('retention.deleteFinishedOutbox', (r) => r.retention.deleteFinishedOutbox(before, limit)),
      deleteAttachments: (before, limit) => direct('retention.deleteAttachments', (r) => r.retention.deleteAttachments(before, limit)),
      ticketsToRedact: (before, limit) => direct('retention.ticketsToRedact', (r) => r.retention.ticketsToRedact(before, limit)),
      // The ticket, its reporters, events and messages are rewritten together.
      saveRedacted: (ticket, at) => write('retention.saveRedacted', (r) => r.retention.saveRedacted(ticket, at)),
    },
    consoleAuth: {
      // Retiring the older codes and inserting the new one land together.
      createLoginCode: (code) => write('consoleAuth.createLoginCode', (r) => r.consoleAuth.createLoginCode(code)),
      hasActiveLoginCode: (hash, now) => direct('consoleAuth.hasActiveLoginCode', (r) => r.consoleAuth.hasActiveLoginCode(hash, now)),
      consumeLoginCode: (hash, now) => direct('consoleAuth.consumeLoginCode', (r) => r.consoleAuth.consumeLoginCode(hash, now)),
      createSession: (session) => direct('consoleAuth.createSession', (r) => r.consoleAuth.createSession(session)),
      findSession: (idHash) => direct('consoleAuth.findSession', (r) => r.consoleAuth.findSession(idHash)),
      touchSession: (idHash, at) => direct('consoleAuth.touchSession', (r) => r.consoleAuth.touchSession(idHash, at)),
      revokeSession: (idHash, at) => direct('consoleAuth.revokeSession', (r) => r.consoleAuth.revokeSession(idHash, at)),
      recentSessions: (limit) => direct('consoleAuth.recentSessions', (r) => r.consoleAuth.recentSessions(limit)),
      sessionsOf: (personId, limit) => direct('consoleAuth.sessionsOf', (r) => r.consoleAuth.sessionsOf(personId, limit)),
      // Sessions ended and login codes retired together.
      endSessionsOf: (personId, at) => write('consoleAuth.endSessionsOf', (r) => r.consoleAuth.endSessionsOf(personId, at)),
      loginCodesIssuedSince: (personId, since) =>
        direct('consoleAuth.loginCodesIssuedSince', (r) => r.consoleAuth.loginCodesIssuedSince(personId, since)),
    },
    accounts: {
      beat: (account, at) => direct('accounts.beat', (r) => r.accounts.beat(account, at)),
      signOff: (id) => direct('accounts.signOff', (r) => r.accounts.signOff(id)),
      // The account's old memberships go and its new ones come together.
      setRooms: (id, roomIds, at) => write('accounts.setRooms', (r) => r.accounts.setRooms(id, roomIds, at)),
      joinRoom: (id, roomId, at) => direct('accounts.joinRoom', (r) => r.accounts.joinRoom(id, roomId, at)),
      leaveRoom: (id, roomId) => direct('accounts.leaveRoom', (r) => r.accounts.leaveRoom(id, roomId)),
      uncoveredRooms: (aliveSince) => direct('accounts.uncoveredRooms', (r) => r.accounts.uncoveredRooms(aliveSince)),
      // Marks cleared and new ones added together: a group is announced once per loss.
      markOrphans: (roomIds, at) => write('accounts.markOrphans', (r) => r.accounts.markOrphans(roomIds, at)),
      orphans: () => direct('accounts.orphans', (r) => r.accounts.orphans()),
      list: (aliveSince) => direct('accounts.list', (r) => r.accounts.list(aliveSince)),
    },
    incidents: {
      create: (incident) => direct('incidents.create', (r) => r.incidents.create(incident)),
      get: (no) => direct('incidents.get', (r) => r.incidents.get(no)),
      active: (community) => direct('incidents.active', (r) => r.incidents.active(community)),
      lift: (no, at) => direct('incidents.lift', (r) => r.incidents.lift(no, at)),
    },
  };
}
