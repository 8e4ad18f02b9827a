// Runs a labelled corpus through the same conversation understanding as live intake
// (src/app/conversation.ts) — bursts grouped by corpus order and sender, co-reports and repeat
// reports linked to the tickets it "opens" — and scores burst grouping and duplicate links.
//
// As live: a burst is one sender's lines in one group within the burst window, whoever else speaks
// in between (intake keeps a burst per group and sender); the open tickets a line may join are
// those of its whole community (every group of one estate, see lib-community.ts). Time is
// synthetic — the corpus has none — 10 s a line, so a minute's window spans six lines of the day.
import { NOT_A_REQUEST, type Classification, type Classifier } from '../src/classify/classification.js';
import { DEFAULT_CONVERSATION, nextBurst, understand, type OpenReport, type SenderBurst, type Utterance } from '../src/app/conversation.js';
import { communitiesOf } from './lib-community.js';
import type { CorpusLine } from './lib-corpus.js';

export interface ConversationRun {
  /** Per line: what the pipeline concluded about it as a request (what the ticket says). */
  predictions: Classification[];
  /** Per line: the first line of the ticket it was grouped into by a burst, or null. */
  burstOf: Array<number | null>;
  /** Per line: the first line of another resident's earlier report it was linked to (co-report / repeat), or null. */
  linkedTo: Array<number | null>;
  /** Per line: the first line of the sender's own earlier report it followed up on (a question or an addition), or null. */
  followUpOf: Array<number | null>;
  /** Per line: what conversation understanding made of it (`new`, `continue`, `co_report`…). */
  kinds: string[];
  /** Wall-clock time spent in understand(), all lines. */
  totalMs: number;
  /** CPU time (user + system) of the process while in understand(): what a busy machine does not inflate. */
  cpuMs: number;
}

interface SimTicket {
  report: OpenReport;
  firstLine: number;
  /** Lines that make up the report itself (the burst), which carry its labels. */
  lines: number[];
  classification: Classification;
  /** The urgency the report's own lines gave it (the burst), not what others' lines raised it to since. */
  ownUrgency: Classification['urgency'];
}

/** Synthetic chat time: the corpus has none; lines are 10 s apart, so a burst fits its window. */
const STEP_MS = 10_000;

export interface ConversationOptions {
  /** Senders who are staff (a roster): their messages in resident groups are answers, as live. */
  staff?: ReadonlySet<string>;
}

export async function runConversation(
  lines: readonly CorpusLine[],
  classifier: Classifier,
  options: ConversationOptions = {},
): Promise<ConversationRun> {
  const predictions: Classification[] = new Array(lines.length);
  const burstOf: Array<number | null> = new Array(lines.length).fill(null);
  const linkedTo: Array<number | null> = new Array(lines.length).fill(null);
  const followUpOf: Array<number | null> = new Array(lines.length).fill(null);
  const kinds: string[] = new Array(lines.length).fill('');
  const tickets: SimTicket[] = [];
  const bursts = new Map<string, { state: SenderBurst | null; head: number | null }>();
  // When an official last spoke in each group: a reporter's next line answers them (as live).
  const officialSpokeAt = new Map<string, Date>();
  const officialNames = new Map<string, string[]>();
  const community = communitiesOf(lines.map((l) => l.group));
  let totalMs = 0;
  let cpuMs = 0;
  let llmThisLine = false;
  const counting: Classifier = {
    async classify(input) {
      const c = await classifier.classify(input);
      if (c.llmCalled) llmThisLine = true;
      return c;
    },
  };
  const t0 = Date.UTC(2026, 10, 23, 0, 0, 0);

  for (let i = 0; i < lines.length; i++) {
    // A corpus without senders or groups gives no conversation to follow: each line stands alone.
    const known = (s: string) => /[\p{L}\p{N}]/u.test(s);
    // Without a sender there is no telling who follows up on whom: the line is its own chat.
    const alone = !known(lines[i]!.sender) || !known(lines[i]!.group);
    const line = { ...lines[i]!, group: alone ? `line-${i}` : lines[i]!.group, sender: alone ? `line-${i}` : lines[i]!.sender };
    const at = new Date(t0 + i * STEP_MS);
    const key = `${line.group}\n${line.sender}`;
    const held = bursts.get(key) ?? { state: null, head: null };
    const here = alone ? line.group : community.get(line.group);
    const open = tickets.filter((t) => (alone ? t.report.groupId === line.group : community.get(t.report.groupId) === here)).map((t) => t.report).reverse();
    const u: Utterance = {
      id: String(i),
      roomId: line.group,
      senderId: line.sender,
      text: line.text,
      image: false,
      mentionsBot: line.mentionsBot,
      at,
      senderRole: options.staff?.has(lines[i]!.sender) ? 'staff' : 'resident',
      senderName: alone ? undefined : line.sender,
    };

    llmThisLine = false;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await understand(u, { burst: held.state, openInCommunity: open, officialSpokeAt: officialSpokeAt.get(line.group) ?? null, officialNames: officialNames.get(line.group) }, counting, DEFAULT_CONVERSATION);
    if (u.senderRole === 'staff') {
      officialSpokeAt.set(line.group, at);
      const names = officialNames.get(line.group) ?? [];
      if (!names.includes(line.sender)) officialNames.set(line.group, [...names, line.sender]);
    }
    totalMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
    kinds[i] = 'ticketNo' in result ? `${result.kind} #${result.ticketNo}` : result.kind;

    let opened: { no: number; category: string } | null = null;
    // The first line of what this sender is saying now: the lines that follow in the burst window
    // belong with it (a repeat report in two lines is one report, even though it joins another's ticket).
    let head: number | null = null;
    const byNo = (no: number) => tickets[no - 1]!;
    switch (result.kind) {
      case 'new': {
        const ids = result.messageIds.map(Number);
        const t: SimTicket = {
          report: {
            no: tickets.length + 1,
            groupId: line.group,
            category: result.classification.category,
            urgency: result.classification.urgency,
            text: result.text,
            createdAt: at,
            lastReportAt: at,
            reporterIds: [line.sender],
            reporterName: alone ? undefined : line.sender,
          },
          firstLine: ids[0]!,
          lines: ids,
          classification: result.classification,
          ownUrgency: result.classification.urgency,
        };
        tickets.push(t);
        opened = { no: t.report.no, category: t.report.category };
        for (const l of ids) burstOf[l] = t.firstLine;
        head = t.firstLine;
        break;
      }
      case 'continue': {
        const t = byNo(result.ticketNo);
        // More of what this sender was saying: grouped with its first line (the ticket's own lines
        // carry the ticket's labels; a continued repeat report is grouped with the repeat).
        head = held.head ?? t.firstLine;
        if (head === t.firstLine) t.lines.push(i);
        burstOf[head] ??= head;
        burstOf[i] = head;
        t.report.text += `\n${line.text}`;
        if (result.classification?.urgency === 'urgent') t.report.urgency = t.ownUrgency = 'urgent';
        break;
      }
      case 'follow_up_info': {
        // A reporter adds to a report after the burst: appended to the ticket. Their own report's
        // follow-up is no duplicate (the corpora never label one's own line so); a co-reporter
        // adding to someone else's report is linked to it.
        const t = byNo(result.ticketNo);
        if (lines[t.firstLine]!.sender === lines[i]!.sender) followUpOf[i] = t.firstLine;
        else linkedTo[i] = t.firstLine;
        head = i;
        t.report.text += `\n${line.text}`;
        t.report.lastReportAt = at; // as live: the report last spoken of
        if (result.classification?.urgency === 'urgent') t.report.urgency = 'urgent';
        break;
      }
      case 'answer': {
        // Kept with the ticket (live appends it), but a reply in a conversation, not a report line.
        const t = byNo(result.ticketNo);
        if (lines[t.firstLine]!.sender === lines[i]!.sender) followUpOf[i] = t.firstLine;
        t.report.text += `\n${line.text}`;
        break;
      }
      case 'follow_up_question': {
        const t = byNo(result.ticketNo);
        if (lines[t.firstLine]!.sender === lines[i]!.sender) followUpOf[i] = t.firstLine;
        else linkedTo[i] = t.firstLine;
        // As live (open-reports.ts noteSpokenOf): a chase makes it the report last spoken of.
        t.report.lastReportAt = at;
        break;
      }
      case 'co_report':
      case 'duplicate': {
        const t = byNo(result.ticketNo);
        linkedTo[i] = t.firstLine;
        if (result.kind === 'duplicate') head = i;
        if (result.kind === 'duplicate' && result.classification.urgency === 'urgent') t.report.urgency = 'urgent';
        t.report.reporterIds.push(line.sender);
        t.report.lastReportAt = at;
        break;
      }
      default:
        break;
    }
    const state = nextBurst(held.state, u, result, opened, DEFAULT_CONVERSATION);
    bursts.set(key, { state, head: state?.ticketNo != null ? (head ?? held.head) : null });

    // What this line says as a request.
    const asTicket = (t: SimTicket, request: boolean): Classification => ({
      ...t.classification,
      isRequest: request,
      category: t.report.category,
      urgency: t.report.urgency,
      llmCalled: llmThisLine,
    });
    switch (result.kind) {
      case 'new':
        for (const l of result.messageIds.map(Number)) predictions[l] = asTicket(byNo(opened!.no), true);
        predictions[i] = { ...predictions[i]!, llmCalled: llmThisLine };
        break;
      case 'continue':
      case 'duplicate':
        predictions[i] = asTicket(byNo(result.ticketNo), true);
        break;
      case 'follow_up_info':
        // More from a reporter after their report: appended to the ticket (live relays it as 居民补充),
        // but a request only if it reads as one alone — "说好的下午来放气呢" is a reply in the
        // conversation, which the taxonomy calls no request (of such lines in the read sets, 49 of 53
        // are labelled so).
        predictions[i] = result.classification.isRequest
          ? asTicket(byNo(result.ticketNo), true)
          : { ...result.classification, llmCalled: llmThisLine };
        break;
      case 'co_report':
      case 'follow_up_question':
        // About that ticket (its category), but no request of its own: agreeing, asking after it, chasing it.
        predictions[i] = { ...asTicket(byNo(result.ticketNo), false) };
        break;
      case 'ignore':
        predictions[i] = result.classification
          ? { ...result.classification, llmCalled: llmThisLine }
          : { ...NOT_A_REQUEST, reason: u.senderRole === 'staff' ? 'staff (roster)' : 'fragment never completed', llmCalled: llmThisLine };
        break;
      default:
        predictions[i] = { ...NOT_A_REQUEST, reason: result.kind, llmCalled: llmThisLine };
    }
  }
  // A burst whose urgency rose later in the burst: its first lines carry the final labels too. (Not
  // when someone else's later line raised the ticket: "电梯又坏了" stays a routine report when a
  // neighbour then finds someone shut in — that line is scored urgent, this one as it was said.)
  for (const t of tickets) for (const l of t.lines) predictions[l] = { ...predictions[l]!, urgency: t.ownUrgency, category: t.report.category };
  return { predictions, burstOf, linkedTo, followUpOf, kinds, totalMs, cpuMs };
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Pairwise precision/recall/F1 of lines grouped into one report, against the `burst` labels. */
export function scoreBursts(lines: readonly CorpusLine[], burstOf: ReadonlyArray<number | null>) {
  let tp = 0;
  let predicted = 0;
  let gold = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length && j < i + 12; j++) {
      const p = burstOf[i] !== null && burstOf[i] === burstOf[j];
      const g = lines[i]!.burst !== null && lines[i]!.burst === lines[j]!.burst;
      if (p) predicted++;
      if (g) gold++;
      if (p && g) tp++;
    }
  }
  const precision = predicted ? tp / predicted : 1;
  const recall = gold ? tp / gold : 1;
  return { precision: r4(precision), recall: r4(recall), f1: r4(precision + recall ? (2 * precision * recall) / (precision + recall) : 0) };
}

/**
 * Precision and recall of links to another resident's earlier report, against `duplicate_of`: a
 * co-report ("+1", "我家也是") or a repeat report of the same problem, in any group of the community.
 * A resident's own later lines are not duplicates (the dev corpus and the blind sets never label
 * one so; a corpus that does has those labels left out here).
 */
export function scoreDuplicates(lines: readonly CorpusLine[], linkedTo: ReadonlyArray<number | null>) {
  const index = new Map(lines.map((l, i) => [l.id, i]));
  // A link to any line of the target's burst is a link to the same report.
  const sameReport = (a: number, b: number) => a === b || (lines[a]!.burst !== null && lines[a]!.burst === lines[b]!.burst);
  let predicted = 0;
  let correct = 0;
  let gold = 0;
  lines.forEach((line, i) => {
    const labelled = line.duplicateOf ? index.get(line.duplicateOf) : undefined;
    const target = labelled !== undefined && lines[labelled]!.sender !== line.sender ? labelled : undefined;
    if (target !== undefined) gold++;
    const link = linkedTo[i];
    if (link === null || link === undefined) return;
    predicted++;
    if (target !== undefined && sameReport(link, target)) correct++;
  });
  return { precision: r4(predicted ? correct / predicted : 1), recall: r4(gold ? correct / gold : 1) };
}
