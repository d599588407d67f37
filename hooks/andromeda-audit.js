// Andromeda Security audit events: a GraphQL API, newest event first, paged with skip/pageSize.
//
// Helr's version of upstream's example. Each cycle starts at skip 0 and pages back until it reaches
// events at or before the stored watermark (the newest event time written so far); dedupe on the
// event id drops the ones at the boundary second. Upstream's version stored a running skip instead,
// which only works for a list that never grows at the top. A backlog longer than max_pages (100
// pages when unset) takes several cycles: the watermark stays until the pages reach it, the next
// cycle starts at the skip where the last one stopped (resume_skip), and the newest time seen waits
// under pending, so the pages past the cut are never skipped.
//
// Auth, from the environment:
//   ANDROMEDA_PAT      a personal access token: getAuth exchanges it for a session cookie with
//                      fetch() (needs global.hooks.allow_network: true)
//   ANDROMEDA_COOKIE   or a whole Cookie header copied from a browser session
//   ANDROMEDA_LOGIN_URL  the token exchange endpoint (default: Andromeda's production one)
// Config: see docs/hooks.md (docs/examples/hooks.yaml).

var PAGE_SIZE = 50;
var DEFAULT_LOGIN_URL = "https://api.live.andromedasecurity.com/login/access-key";

var EVENTS_QUERY = [
  "query AndromedaEventsList($nameFilter: AndromedaEventNameFilter, $typeFilter: AndromedaEventTypeFilter,",
  "    $subtypeFilter: AndromedaEventSubTypeFilter, $levelFilter: AndromedaEventLevelFilter,",
  "    $search: String, $pageArgs: PageArgs!) {",
  "  AndromedaEvents(",
  "    filters: {",
  "      name: $nameFilter, eventType: $typeFilter, eventSubtype: $subtypeFilter, level: $levelFilter,",
  "      eventPrimaryKey: { icontains: $search },",
  "      or: { name: $nameFilter, eventType: $typeFilter, eventSubtype: $subtypeFilter, level: $levelFilter,",
  "            actor: { icontains: $search } }",
  "    }",
  "    pageArgs: $pageArgs",
  "  ) {",
  "    edges { node { id type name time actor level subtype eventPrimaryKey __typename } __typename }",
  "    __typename",
  "  }",
  "}"
].join("\n");

// The GraphQL request body for the page starting at `skip`.
function eventsPage(skip) {
  return {
    operationName: "AndromedaEventsList",
    query: EVENTS_QUERY,
    variables: {
      nameFilter: null, typeFilter: null, subtypeFilter: null, levelFilter: null, search: "",
      pageArgs: { skip: skip, pageSize: PAGE_SIZE }
    }
  };
}

// The response body as an object; Helr hands it over parsed when it is JSON, as a string otherwise.
function graphqlData(response) {
  var body = response.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch (e) {
      throw new Error("Andromeda answered HTTP " + response.status + " with a body that is not JSON: " + body.slice(0, 200));
    }
  }
  if (!body || typeof body !== "object") throw new Error("Andromeda answered HTTP " + response.status + " without a JSON object");
  if (body.errors && body.errors.length) throw new Error("Andromeda GraphQL errors: " + JSON.stringify(body.errors));
  var events = body.data && body.data.AndromedaEvents;
  return (events && events.edges) || [];
}

function watermarkOf(ctx) {
  return (ctx.state && ctx.state.watermark) || "";
}

// Where the first page starts: 0, or the skip a cycle cut short by max_pages did not fetch.
function resumeSkipOf(ctx) {
  var skip = Number(ctx.state && ctx.state.resume_skip);
  return skip > 0 ? skip : 0;
}

async function getAuth(ctx) {
  var pat = ctx.env && ctx.env.ANDROMEDA_PAT;
  if (!pat) return null;
  var headers = Object.assign({}, ctx.headers || {}, { "Content-Type": "application/json" });
  var res = await fetch(ctx.env.ANDROMEDA_LOGIN_URL || DEFAULT_LOGIN_URL, {
    method: "POST", headers: headers, body: JSON.stringify({ code: pat })
  });
  if (!res.ok) throw new Error("Andromeda login failed with HTTP " + res.status);
  var cookie = (res.headers.get("set-cookie") || "").split(";")[0].trim();
  if (!cookie) throw new Error("Andromeda login answered without a session cookie");
  return { cookie: cookie };
}

function buildRequest(ctx) {
  var headers = { "Content-Type": "application/json" };
  if (ctx.env && ctx.env.ANDROMEDA_COOKIE) headers["Cookie"] = ctx.env.ANDROMEDA_COOKIE;
  // The first page of every cycle; getNextPage supplies the bodies of the pages after it.
  return { headers: headers, body: eventsPage(resumeSkipOf(ctx)) };
}

function parseResponse(ctx, response) {
  var since = watermarkOf(ctx);
  return graphqlData(response)
    .map(function (edge) { return edge.node || edge; })
    // ISO-8601 times in one format compare as strings. Events at the watermark second stay in and
    // dedupe drops those already written.
    .filter(function (node) { return !since || !node.time || node.time >= since; })
    .map(function (node) {
      return { ts: node.time, source: ctx.source_id, event: node, meta: { id: node.id } };
    });
}

function getNextPage(ctx, request, response) {
  var edges = graphqlData(response);
  if (edges.length < PAGE_SIZE) return null;
  var oldest = edges[edges.length - 1].node || {};
  var since = watermarkOf(ctx);
  if (since && oldest.time && oldest.time < since) return null;
  var skip = request.body.variables.pageArgs.skip + PAGE_SIZE;
  return { body: eventsPage(skip) };
}

function commitState(ctx, events) {
  var state = ctx.state || {};
  var newest = watermarkOf(ctx);
  if (state.pending && state.pending > newest) newest = state.pending;
  events.forEach(function (e) {
    if (e.ts && e.ts > newest) newest = e.ts;
  });
  var next = ctx.next_page;
  if (next && next.body) {
    // max_pages ended the cycle before the pages reached the watermark: moving it to the newest
    // time now would skip the pages not read yet. The next cycle goes on from the skip it stopped at.
    return { watermark: watermarkOf(ctx), pending: newest, resume_skip: String(next.body.variables.pageArgs.skip) };
  }
  var done = { watermark: newest };
  if (state.pending) done.pending = "";
  if (state.resume_skip) done.resume_skip = "";
  return done;
}
