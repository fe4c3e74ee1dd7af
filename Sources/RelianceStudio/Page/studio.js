// The mapping studio's page. It talks only to the studio that served it (relative URLs,
// same origin) and puts every value it shows into the page as text, never as markup: cell
// values and column names come from an export and are treated as hostile.
//
// Hooks for the browser tests (scripts/studio-browser.py), kept stable:
//   body[data-busy]            "1" while requests are running, "0" when the page is settled
//   body[data-generation]      counts completed refreshes (grows after every load and edit)
//   #status                    the last message; [data-kind="error"] for a failure
//   #mapping-errors li         one per mapping diagnostic (#errors-panel hidden when none)
//   #dirty                     shown while the mapping has unsaved edits
//   #save #undo #redo          the mapping's buttons
//   #sheet-picker              workbook sheets (#sheet-label hidden for CSV)
//   #header-row #header-row-apply
//   #columns-table tr[data-column]          data-kind, data-proposal-path, data-proposal-line,
//                                           data-proposal-why, data-proposal-paths (every field the
//                                           column is proposed for); button[data-action="accept"]
//   #fields-table tr[data-field]            data-editable, data-line (absent: no line);
//                                           input.field-line, button[data-action="save-line"]
//   #dates-column (select)  #dates-table tr[data-format] button[data-action="use-format"]
//                           #dates-ambiguous li[data-formats]
//   #values-path (select)   #values-table tr[data-value][data-covered]
//                           select.alias-to, button[data-action="alias"]
//   #rejects-summary  #rejects-change
//   #rejects-table tr[data-group-field][data-group-code][data-severity][data-count]
//   #row-number #row-show  pre#row-json (exactly mainJSON)  #row-findings li  pre#row-diff
//   #grid tr[data-row] input[data-col] (column index)  tr[data-edited]  #save-fixed #grid-status
'use strict';

(() => {
  const token = document.querySelector('meta[name="studio-token"]').getAttribute('content');
  const $ = (id) => document.getElementById(id);

  const state = {
    session: null,
    columns: [],
    fields: [],
    fieldsByPath: new Map(),
    row: null,
    datesColumn: '',
    valuesPath: '',
    gridOffset: 0,
    gridLimit: 100,
    gridHeader: [],
    gridEdits: new Map(), // row number → cells as edited
    generation: 0,
    busy: 0,
  };

  // ---- DOM helpers: text only -------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('data-')) node.setAttribute(name, String(value));
      else if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  // A field path or column name that may break after its dots and underscores, not inside words.
  function breakable(text, className) {
    const node = el('span', { class: className });
    const parts = String(text).split(/(?<=[._\-\]])/);
    parts.forEach((part, index) => {
      if (index) node.appendChild(document.createElement('wbr'));
      node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function percent(share) {
    if (typeof share !== 'number') return '';
    const value = share * 100;
    return (value === 0 || value === 100 ? value.toFixed(0) : value.toFixed(1)) + ' %';
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function setStatus(message, kind) {
    const status = $('status');
    status.textContent = message || '';
    status.setAttribute('data-kind', kind || 'info');
  }

  // ---- Requests -----------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      super(body && typeof body.error === 'string' ? body.error : 'the studio answered ' + status);
      this.status = status;
      this.body = body;
    }
  }

  function busy(delta) {
    state.busy += delta;
    document.body.setAttribute('data-busy', state.busy > 0 ? '1' : '0');
  }

  async function api(method, url, body) {
    const init = {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      // The studio answers with Referrer-Policy: no-referrer, under which a browser sends
      // "Origin: null" on a POST; the studio checks the Origin, so these requests name it.
      referrerPolicy: 'same-origin',
      headers: {},
    };
    if (method === 'POST') {
      init.headers['Content-Type'] = 'application/json';
      init.headers['X-Studio-Token'] = token;
      init.body = JSON.stringify(body || {});
    }
    busy(1);
    try {
      const response = await fetch(url, init);
      let data = null;
      try { data = await response.json(); } catch (_) { data = null; }
      if (!response.ok) throw new ApiError(response.status, data);
      return data;
    } finally {
      busy(-1);
    }
  }

  const get = (url) => api('GET', url);
  const post = (url, body) => api('POST', url, body);

  function failed(error) {
    setStatus(error instanceof Error ? error.message : String(error), 'error');
    if (error && error.body && Array.isArray(error.body.errors)) renderErrors(error.body.errors);
  }

  // ---- Session ------------------------------------------------------------------------------

  function renderSession(session) {
    state.session = session;
    const input = session.input || {};
    const mapping = session.mapping || {};
    $('input-name').textContent = input.name || input.path || '';
    $('mapping-path').textContent = (mapping.path || '') + (mapping.exists ? '' : ' (new)');
    show($('dirty'), Boolean(mapping.dirty));
    document.title = (mapping.dirty ? '* ' : '') + 'Mapping studio: ' + (input.name || '');
    $('undo').disabled = !mapping.canUndo;
    $('redo').disabled = !mapping.canRedo;

    const facts = [];
    if (input.format) facts.push(input.format.toUpperCase());
    if (input.encoding) facts.push(input.encoding);
    if (input.delimiter) facts.push('delimiter ' + JSON.stringify(input.delimiter));
    if (typeof input.rows === 'number') facts.push(input.rows + ' rows');
    if (typeof input.columns === 'number') facts.push(input.columns + ' columns');
    $('input-facts').textContent = facts.join(' · ');

    const sheets = Array.isArray(input.sheets) ? input.sheets : [];
    const picker = $('sheet-picker');
    clear(picker);
    for (const sheet of sheets) {
      const option = el('option', { value: sheet }, sheet);
      if (sheet === input.sheet) option.selected = true;
      picker.appendChild(option);
    }
    show($('sheet-label'), sheets.length > 0);
    if (document.activeElement !== $('header-row')) {
      $('header-row').value = input.headerRow === null || input.headerRow === undefined ? '' : String(input.headerRow);
    }
    renderErrors(mapping.errors || []);
  }

  function renderErrors(errors) {
    const list = $('mapping-errors');
    clear(list);
    for (const error of errors) list.appendChild(el('li', {}, String(error)));
    show($('errors-panel'), errors.length > 0);
  }

  // ---- Columns ------------------------------------------------------------------------------

  function renderColumns(columns) {
    state.columns = columns;
    $('columns-count').textContent = String(columns.length);
    const body = $('columns-table').tBodies[0];
    clear(body);
    for (const column of columns) {
      const proposal = column.proposal;
      const row = el('tr', {
        'data-column': column.name,
        'data-index': column.index,
        'data-kind': column.kind,
        'data-proposal-path': proposal ? proposal.path : null,
        'data-proposal-line': proposal ? proposal.line : null,
        'data-proposal-why': proposal ? proposal.why : null,
        'data-proposal-paths': (column.proposals || []).map((each) => each.path).join(' ') || null,
      });

      const about = [column.kind];
      if (Array.isArray(column.formats) && column.formats.length) about.push(column.formats.join(', '));
      about.push(percent(column.emptyShare) + ' empty');
      const nameCell = el('th', { scope: 'row' }, breakable(column.name, 'name'),
        el('div', { class: 'muted small' }, about.join(' · ')));
      const mapped = column.mappedTo || [];
      if (mapped.length) {
        const list = el('div', { class: 'mapped small' }, 'mapped to ');
        mapped.forEach((path, index) => {
          if (index) list.appendChild(document.createTextNode(', '));
          list.appendChild(breakable(path, 'path'));
        });
        nameCell.appendChild(list);
      } else {
        nameCell.appendChild(el('div', { class: 'unmapped small' }, 'not mapped'));
      }
      row.appendChild(nameCell);

      const top = el('ul', { class: 'values' });
      for (const entry of column.top || []) {
        top.appendChild(el('li', {}, el('span', { class: 'value' }, entry.value), el('span', { class: 'count' }, '×' + entry.count)));
      }
      row.appendChild(el('td', {}, top));

      const proposalCell = el('td', { class: 'proposal' });
      const samplesCell = el('td', { class: 'samples-cell' });
      if (proposal) {
        proposalCell.appendChild(el('div', {}, breakable(proposal.path, 'path'), ' ',
          el('span', { class: 'why why-' + proposal.why, title: 'confidence ' + proposal.confidence }, proposal.why)));
        proposalCell.appendChild(el('code', { class: 'line' }, proposal.line));
        if (proposal.check) proposalCell.appendChild(el('div', { class: 'check' }, 'check: ' + proposal.check));
        const others = (column.proposals || []).slice(1);
        if (others.length) {
          const also = el('div', { class: 'muted small' }, 'also proposed for ');
          others.forEach((other, index) => {
            if (index) also.appendChild(document.createTextNode(', '));
            also.appendChild(breakable(other.path, 'path'));
          });
          proposalCell.appendChild(also);
        }
        const field = state.fieldsByPath.get(proposal.path);
        const current = field ? field.line : undefined;
        const inMapping = field ? current === proposal.line : mapped.includes(proposal.path);
        if (field && field.editable === false) {
          proposalCell.appendChild(el('div', { class: 'muted small' }, 'list item: edit the mapping file'));
        } else if (inMapping) {
          proposalCell.appendChild(el('div', { class: 'muted small' }, '✓ in the mapping'));
        } else {
          const button = el('button', { type: 'button', 'data-action': 'accept', class: 'accept' }, 'Accept');
          button.addEventListener('click', () => edit(proposal.path, proposal.line));
          proposalCell.appendChild(button);
        }
        const samples = el('ul', { class: 'samples' });
        for (const sample of proposal.samples || []) {
          const outcome = sample.finding
            ? el('span', { class: 'finding' }, sample.finding)
            : el('span', { class: 'result' }, sample.result === null || sample.result === undefined ? '(empty)' : String(sample.result));
          samples.appendChild(el('li', {}, el('span', { class: 'value' }, sample.value), ' → ', outcome));
        }
        samplesCell.appendChild(samples);
      } else {
        proposalCell.appendChild(el('span', { class: 'muted' }, 'no proposal'));
      }
      row.append(proposalCell, samplesCell);
      body.appendChild(row);
    }
    renderDatesPicker();
  }

  // ---- Fields -------------------------------------------------------------------------------

  function renderFields(fields) {
    state.fields = fields;
    state.fieldsByPath = new Map(fields.map((field) => [field.path, field]));
    const body = $('fields-table').tBodies[0];
    const focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('tr[data-field]') : null;
    const focusedPath = focused ? focused.getAttribute('data-field') : null;
    clear(body);
    for (const field of fields) {
      const row = el('tr', {
        'data-field': field.path,
        'data-editable': field.editable ? 'true' : 'false',
        'data-line': field.line === null || field.line === undefined ? null : field.line,
        class: field.rejected > 0 ? 'has-rejects' : null,
      });
      row.appendChild(el('th', { scope: 'row' },
        breakable(field.path, 'path'),
        el('div', { class: 'muted small' }, [field.type, field.requirement].filter(Boolean).join(' · '))));
      const lineCell = el('td', { class: 'line-cell' });
      if (field.editable) {
        const input = el('input', {
          type: 'text', class: 'field-line', spellcheck: 'false', autocomplete: 'off',
          'aria-label': 'Mapping line of ' + field.path,
        });
        input.value = field.line || '';
        const save = el('button', { type: 'button', 'data-action': 'save-line' }, 'Save line');
        const submit = () => {
          const text = input.value.trim();
          const line = text === '' ? null : text;
          if (line === (field.line === undefined ? null : field.line)) return;
          edit(field.path, line);
        };
        input.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') { event.preventDefault(); submit(); }
          if (event.key === 'Escape') { input.value = field.line || ''; }
        });
        save.addEventListener('click', submit);
        lineCell.append(input, save);
      } else {
        lineCell.appendChild(el('code', { class: 'readonly' }, field.line === null || field.line === undefined ? '' : field.line));
        lineCell.appendChild(el('span', { class: 'muted small' }, ' list item, read-only'));
      }
      row.appendChild(lineCell);
      row.appendChild(el('td', { class: 'number' + (field.rejected > 0 ? ' bad' : '') }, String(field.rejected || 0)));
      row.appendChild(el('td', { class: 'number' + (field.warned > 0 ? ' warn' : '') }, String(field.warned || 0)));
      body.appendChild(row);
    }
    if (focusedPath) {
      const again = body.querySelector('tr[data-field="' + CSS.escape(focusedPath) + '"] input');
      if (again) again.focus();
    }
    renderValuesPicker();
  }

  // ---- Dates --------------------------------------------------------------------------------

  function renderDatesPicker() {
    const picker = $('dates-column');
    const dateColumns = state.columns.filter((column) => column.kind === 'date');
    const choices = dateColumns.length ? dateColumns : state.columns;
    clear(picker);
    picker.appendChild(el('option', { value: '' }, '(choose a date column)'));
    for (const column of choices) {
      const option = el('option', { value: column.name }, column.name);
      if (column.name === state.datesColumn) option.selected = true;
      picker.appendChild(option);
    }
    if (!choices.some((column) => column.name === state.datesColumn)) state.datesColumn = '';
  }

  async function loadDates() {
    const body = $('dates-table').tBodies[0];
    const ambiguous = $('dates-ambiguous');
    if (!state.datesColumn) {
      clear(body); clear(ambiguous);
      $('dates-summary').textContent = '';
      return;
    }
    const dates = await get('/api/dates?column=' + encodeURIComponent(state.datesColumn));
    clear(body); clear(ambiguous);
    $('dates-summary').textContent = dates.values + ' non-empty values';
    const current = currentFormats(dates.column);
    for (const candidate of dates.candidates || []) {
      const row = el('tr', { 'data-format': candidate.format, 'data-share': candidate.share, 'data-read': candidate.read });
      row.appendChild(el('th', { scope: 'row' }, el('code', {}, candidate.format)));
      row.appendChild(el('td', { class: 'number' }, percent(candidate.share) + ' (' + candidate.read + ')'));
      row.appendChild(el('td', { class: 'small' }, (candidate.examples || []).join(', ')));
      const button = el('button', { type: 'button', 'data-action': 'use-format' }, current === candidate.format ? 'In use' : 'Use');
      button.addEventListener('click', () => useFormat(dates.column, candidate.format));
      row.appendChild(el('td', {}, button));
      body.appendChild(row);
    }
    for (const pair of dates.ambiguous || []) {
      ambiguous.appendChild(el('li', { 'data-formats': pair.formats.join(' | ') },
        'Ambiguous: ', el('code', {}, pair.formats.join(' or ')), '; deciding values: ',
        (pair.deciding || []).length ? pair.deciding.join(', ') : 'none'));
    }
  }

  // The single format a column's fields use now, for marking the candidate in use.
  function currentFormats(columnName) {
    const column = state.columns.find((entry) => entry.name === columnName);
    if (!column) return null;
    for (const path of column.mappedTo || []) {
      const field = state.fieldsByPath.get(path);
      const match = field && field.line && /format:\s*"?([^",}\]]+)"?\s*}/.exec(field.line);
      if (match) return match[1].trim();
    }
    return null;
  }

  function yamlScalar(text, alwaysQuoteWhen) {
    const plain = /^[A-Za-z0-9_äöüÄÖÜß.\-/][^:#,[\]{}"'&*!|>%@`]*$/.test(text)
      && text.trim() === text && !alwaysQuoteWhen.test(text);
    return plain ? text : JSON.stringify(text);
  }

  async function useFormat(columnName, format) {
    const column = state.columns.find((entry) => entry.name === columnName);
    let paths = (column && column.mappedTo) || [];
    paths = paths.filter((path) => {
      const field = state.fieldsByPath.get(path);
      return field && field.editable;
    });
    if (!paths.length && column && column.proposal) paths = [column.proposal.path];
    if (!paths.length) {
      setStatus('No editable field reads the column ' + columnName + '; map it in Fields first.', 'error');
      return;
    }
    const line = '{ column: ' + yamlScalar(columnName, /[\s:]/) + ', format: ' + yamlScalar(format, /[\s:]/) + ' }';
    await editMany(paths.map((path) => ({ path, line })));
  }

  // ---- Values -------------------------------------------------------------------------------

  function renderValuesPicker() {
    const picker = $('values-path');
    const enumerated = state.fields.filter((field) => Array.isArray(field.values) && field.values.length && field.editable);
    clear(picker);
    picker.appendChild(el('option', { value: '' }, '(choose a field with allowed values)'));
    for (const field of enumerated) {
      const option = el('option', { value: field.path }, field.path);
      if (field.path === state.valuesPath) option.selected = true;
      picker.appendChild(option);
    }
    if (!enumerated.some((field) => field.path === state.valuesPath)) state.valuesPath = '';
  }

  async function loadValues() {
    const body = $('values-table').tBodies[0];
    if (!state.valuesPath) {
      clear(body);
      $('values-summary').textContent = '';
      return;
    }
    const answer = await get('/api/values?path=' + encodeURIComponent(state.valuesPath));
    clear(body);
    const values = answer.values || [];
    const uncovered = values.filter((entry) => !entry.covered);
    $('values-summary').textContent = values.length + ' distinct values, ' + uncovered.length + ' not covered; allowed: '
      + (answer.allowed || []).join(', ');
    // Uncovered values first, most rows first, then the covered ones for reference.
    const ordered = uncovered.concat(values.filter((entry) => entry.covered));
    for (const entry of ordered) {
      const row = el('tr', { 'data-value': entry.value, 'data-covered': entry.covered ? 'true' : 'false', 'data-count': entry.count,
        class: entry.covered ? null : 'uncovered' });
      row.appendChild(el('th', { scope: 'row' }, el('span', { class: 'value' }, entry.value === '' ? '(empty)' : entry.value)));
      row.appendChild(el('td', { class: 'number' }, String(entry.count)));
      const cell = el('td', {});
      if (entry.covered) {
        cell.appendChild(el('code', {}, entry.result === null || entry.result === undefined ? '' : String(entry.result)));
      } else {
        const select = el('select', { class: 'alias-to', 'aria-label': 'Code for ' + entry.value });
        for (const code of answer.allowed || []) select.appendChild(el('option', { value: code }, code));
        const button = el('button', { type: 'button', 'data-action': 'alias' }, 'Map');
        button.addEventListener('click', () => change('/api/alias', { path: answer.path, value: entry.value, to: select.value },
          'Mapped ' + JSON.stringify(entry.value) + ' to ' + select.value));
        cell.append(select, ' ', button);
      }
      row.appendChild(cell);
      body.appendChild(row);
    }
  }

  // ---- Rejects ------------------------------------------------------------------------------

  function renderRejects(rejects) {
    $('rejects-summary').textContent = rejects.rows + ' rows: ' + rejects.converted + ' convert, '
      + rejects.rejected + ' rejected, ' + rejects.warned + ' with warnings';
    const changeLine = $('rejects-change');
    const change = rejects.change;
    if (change) {
      const sign = change.converted > 0 ? '+' : '';
      const parts = [sign + change.converted + ' convert', change.newlyRejected + ' newly rejected'];
      if (change.newlyConverted) parts.push(change.newlyConverted + ' newly converted');
      changeLine.textContent = parts.join(', ');
      changeLine.setAttribute('data-converted', change.converted);
      changeLine.setAttribute('data-newly-rejected', change.newlyRejected);
      changeLine.setAttribute('data-newly-converted', change.newlyConverted);
    }
    show(changeLine, Boolean(change));
    const body = $('rejects-table').tBodies[0];
    clear(body);
    for (const group of rejects.groups || []) {
      const row = el('tr', {
        'data-group-field': group.field, 'data-group-code': group.code,
        'data-severity': group.severity, 'data-count': group.count,
        class: group.severity === 'error' ? 'error' : 'warning',
      });
      row.appendChild(el('th', { scope: 'row' }, breakable(group.field, 'path')));
      row.appendChild(el('td', {}, el('span', { class: 'code ' + group.severity }, group.code)));
      row.appendChild(el('td', { class: 'number' }, String(group.count)));
      row.appendChild(el('td', { class: 'small' }, (group.examples || []).join(', ')));
      body.appendChild(row);
    }
  }

  // ---- One row ------------------------------------------------------------------------------

  async function loadRow() {
    const text = $('row-number').value.trim();
    if (!text) return;
    const number = Number(text);
    if (!Number.isInteger(number)) {
      setStatus('A row number is a whole number.', 'error');
      return;
    }
    state.row = number;
    const answer = await get('/api/row?n=' + number);
    const pre = $('row-json');
    pre.textContent = answer.mainJSON === null || answer.mainJSON === undefined ? '' : answer.mainJSON;
    show(pre, answer.mainJSON !== null && answer.mainJSON !== undefined);
    pre.setAttribute('data-row', answer.row);
    $('row-where').textContent = 'line ' + answer.line + ' of the export; rows ' + answer.first + '–' + answer.last
      + (answer.mainJSON === null || answer.mainJSON === undefined ? '; rejected' : '');
    $('row-number').min = String(answer.first);
    $('row-number').max = String(answer.last);
    const findings = $('row-findings');
    clear(findings);
    for (const finding of answer.findings || []) {
      findings.appendChild(el('li', { class: /warning/.test(finding) ? 'warning' : 'error' }, finding));
    }
    const diff = $('row-diff');
    clear(diff);
    if (Array.isArray(answer.diff)) {
      for (const line of answer.diff) {
        const kind = line.op === '+' ? 'add' : line.op === '-' ? 'del' : 'same';
        diff.appendChild(el('span', { class: 'diff-' + kind, 'data-op': line.op }, line.op + ' ' + line.text + '\n'));
      }
    }
    show($('row-diff-box'), Array.isArray(answer.diff) && answer.diff.some((line) => line.op !== ' '));
  }

  // ---- Rejected rows grid -------------------------------------------------------------------

  async function loadGrid() {
    const answer = await get('/api/rejected?offset=' + state.gridOffset + '&limit=' + state.gridLimit);
    state.gridHeader = answer.header || [];
    const table = $('grid');
    const head = table.tHead;
    clear(head);
    const headRow = el('tr', {}, el('th', { scope: 'col' }, 'Row'), el('th', { scope: 'col' }, 'Errors'));
    state.gridHeader.forEach((name, index) => headRow.appendChild(el('th', { scope: 'col', 'data-col': index }, name)));
    head.appendChild(headRow);
    const body = table.tBodies[0];
    clear(body);
    for (const rejected of answer.rows || []) {
      const edited = state.gridEdits.get(rejected.row);
      const row = el('tr', { 'data-row': rejected.row, 'data-line': rejected.line, 'data-edited': edited ? 'true' : null });
      row.appendChild(el('th', { scope: 'row', class: 'number' }, String(rejected.row)));
      row.appendChild(el('td', { class: 'row-errors small' }, rejected.errors || ''));
      const cells = edited || rejected.cells || [];
      const width = Math.max(state.gridHeader.length, cells.length);
      for (let index = 0; index < width; index += 1) {
        const input = el('input', {
          type: 'text', 'data-col': index, spellcheck: 'false', autocomplete: 'off',
          'aria-label': 'Row ' + rejected.row + ', ' + (state.gridHeader[index] || 'column ' + (index + 1)),
        });
        input.value = cells[index] === undefined || cells[index] === null ? '' : String(cells[index]);
        input.addEventListener('input', () => {
          row.setAttribute('data-edited', 'true');
          state.gridEdits.set(rejected.row, Array.from(row.querySelectorAll('input[data-col]'), (cell) => cell.value));
        });
        row.appendChild(el('td', {}, input));
      }
      body.appendChild(row);
    }
    const total = answer.total || 0;
    const shownTo = Math.min(total, state.gridOffset + (answer.rows || []).length);
    $('grid-count').textContent = total ? (state.gridOffset + 1) + '–' + shownTo + ' of ' + total : 'none';
    $('grid-prev').disabled = state.gridOffset === 0;
    $('grid-next').disabled = shownTo >= total;
  }

  async function saveFixed() {
    const rows = Array.from(state.gridEdits, ([row, cells]) => ({ row, cells })).sort((a, b) => a.row - b.row);
    if (!rows.length) {
      $('grid-status').textContent = 'No row edited yet.';
      return;
    }
    busy(1);
    try {
      const answer = await post('/api/fixed', { rows });
      $('grid-status').textContent = 'Saved ' + answer.rows + ' fixed rows to ' + answer.saved;
      setStatus('Saved ' + answer.rows + ' fixed rows to ' + answer.saved, 'info');
    } catch (error) {
      $('grid-status').textContent = 'Not saved.';
      failed(error);
    }
    bump();
    busy(-1);
  }

  // ---- Edits --------------------------------------------------------------------------------

  async function refresh() {
    busy(1);
    try {
      const [session, fields] = await Promise.all([get('/api/session'), get('/api/fields')]);
      renderSession(session);
      renderFields(fields.fields || []);
      const [columns, rejects] = await Promise.all([get('/api/columns'), get('/api/rejects')]);
      renderColumns(columns.columns || []);
      renderRejects(rejects);
      await Promise.all([loadDates(), loadValues(), loadRow(), loadGrid()]);
    } catch (error) {
      failed(error);
    } finally {
      bump();
      busy(-1);
    }
  }

  async function change(url, body, message) {
    busy(1);
    try {
      renderSession(await post(url, body));
      if (message) setStatus(message, 'info');
    } catch (error) {
      failed(error);
    }
    await refresh();
    busy(-1);
  }

  function edit(path, line) {
    return change('/api/edit', { path, line }, line === null ? 'Removed the line of ' + path : 'Set ' + path + ': ' + line);
  }

  async function editMany(edits) {
    busy(1);
    try {
      for (const one of edits) renderSession(await post('/api/edit', one));
      setStatus(edits.map((one) => 'Set ' + one.path + ': ' + one.line).join('; '), 'info');
    } catch (error) {
      failed(error);
    }
    await refresh();
    busy(-1);
  }

  async function save() {
    busy(1);
    try {
      const answer = await post('/api/save', {});
      setStatus('Saved ' + answer.saved + ' (' + answer.bytes + ' bytes)', 'info');
    } catch (error) {
      failed(error);
    }
    try { renderSession(await get('/api/session')); } catch (error) { failed(error); }
    bump();
    busy(-1);
  }

  function readInput(body) {
    return change('/api/input', body, 'Read the export again');
  }

  // ---- Wiring -------------------------------------------------------------------------------

  function inTextField(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])'));
  }

  document.addEventListener('keydown', (event) => {
    const modifier = event.ctrlKey || event.metaKey;
    if (!modifier || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      save();
      return;
    }
    if (inTextField(event.target)) return;
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      if (!$('undo').disabled) change('/api/undo', {}, 'Undone');
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      if (!$('redo').disabled) change('/api/redo', {}, 'Redone');
    }
  });

  $('undo').addEventListener('click', () => change('/api/undo', {}, 'Undone'));
  $('redo').addEventListener('click', () => change('/api/redo', {}, 'Redone'));
  $('save').addEventListener('click', save);
  $('sheet-picker').addEventListener('change', () => readInput({ sheet: $('sheet-picker').value }));
  const applyHeaderRow = () => {
    const value = Number($('header-row').value);
    if (!Number.isInteger(value) || value < 1) {
      setStatus('The header row is a whole number from 1.', 'error');
      return;
    }
    readInput({ headerRow: value });
  };
  $('header-row-apply').addEventListener('click', applyHeaderRow);
  $('header-row').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); applyHeaderRow(); }
  });
  $('dates-column').addEventListener('change', () => {
    state.datesColumn = $('dates-column').value;
    loadDates().catch(failed).finally(bump);
  });
  $('values-path').addEventListener('change', () => {
    state.valuesPath = $('values-path').value;
    loadValues().catch(failed).finally(bump);
  });
  $('row-show').addEventListener('click', () => loadRow().catch(failed).finally(bump));
  $('row-number').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); loadRow().catch(failed).finally(bump); }
  });
  $('grid-prev').addEventListener('click', () => {
    state.gridOffset = Math.max(0, state.gridOffset - state.gridLimit);
    loadGrid().catch(failed).finally(bump);
  });
  $('grid-next').addEventListener('click', () => {
    state.gridOffset += state.gridLimit;
    loadGrid().catch(failed).finally(bump);
  });
  $('save-fixed').addEventListener('click', saveFixed);

  function bump() {
    state.generation += 1;
    document.body.setAttribute('data-generation', String(state.generation));
  }

  refresh();
})();
