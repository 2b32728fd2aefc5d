/**
 * End-to-end specs of "Can A reach B?" on the sample network (what `reachmap serve` shows with no
 * inputs) and a dual-stack fixture: the Internet as an end, and what the panel shows after Ask. Each test saves a
 * screenshot in test-results/screens/ for a person to look at.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, FIXTURES, test, waitForMap } from './serve-fixture';

// The sample's bastion has the public IP 198.51.100.20; legacy-admin lets RDP in from 0.0.0.0/0.
const BASTION = 'ep:i-0a20000000000ba51';
const LEGACY_ADMIN = 'ep:i-0a200000000000ad1';

/** Opens a file of test/e2e/fixtures as the file input does, and waits for its map. */
async function openFixture(page: Page, name: string): Promise<void> {
  const loads = await page.evaluate(() => window.__reachmapTest!.loads);
  await page.locator('#file-input').setInputFiles(path.join(FIXTURES, name));
  await waitForMap(page, loads + 1);
}

async function tap(page: Page, id: string): Promise<void> {
  expect(await page.evaluate((x) => window.__reachmapTest!.tap(x), id)).toBeTruthy();
}

test('"Use as source" on the Internet asks from the Internet, never from an endpoint with the same address', async ({ app, shoot }) => {
  await tap(app, 'x:internet');
  await app.locator('#details').getByRole('button', { name: 'Use as source' }).click();
  await expect(app.locator('#q-from')).toHaveValue('Internet');
  await tap(app, LEGACY_ADMIN);
  await app.locator('#details').getByRole('button', { name: 'Use as destination' }).click();
  await app.locator('#q-port').fill('3389');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  await expect(app.locator('#query-result')).toContainText('standing for the Internet');
  await expect(app.locator('#query-result')).not.toContainText('198.51.100.20');
  const highlighted = await app.evaluate(() => window.__reachmapTest!.highlighted());
  expect(highlighted).toContain('x:internet');
  expect(highlighted).toContain(LEGACY_ADMIN);
  expect(highlighted).not.toContain(BASTION);
  await shoot('20-query-internet-use-as');
});

test('"Use as source" and "Use as destination" below long details bring the filled fields into view', async ({ app }) => {
  // The Internet's details list every rule open to it: the form is below the fold.
  await tap(app, 'x:internet');
  await expect(app.locator('#q-from')).not.toBeInViewport();
  await app.locator('#details').getByRole('button', { name: 'Use as source' }).click();
  await expect(app.locator('#q-from')).toHaveValue('Internet');
  await expect(app.locator('#q-from')).toBeInViewport();
  await expect(app.locator('#q-ask')).toBeInViewport();
  await tap(app, LEGACY_ADMIN);
  await app.locator('.side').evaluate((side) => (side.scrollTop = 0));
  await expect(app.locator('#q-to')).not.toBeInViewport();
  await app.locator('#details').getByRole('button', { name: 'Use as destination' }).click();
  await expect(app.locator('#q-to')).toBeInViewport();
});

test('Pick says what to do in its field, is pressed while picking, and Escape in the field stops it', async ({ app, shoot }) => {
  const pick = app.locator('button.pick[data-pick="from"]');
  const placeholder = await app.locator('#q-from').getAttribute('placeholder');
  await expect(pick).toHaveAttribute('aria-pressed', 'false');
  await pick.click();
  await expect(pick).toHaveAttribute('aria-pressed', 'true');
  await expect(app.locator('#q-from')).toHaveAttribute('placeholder', 'click on the map (Esc stops)');
  // The other end's field is left as it was.
  await expect(app.locator('#q-to')).toHaveAttribute('placeholder', placeholder!);
  await shoot('20b-query-picking');
  await app.locator('#q-from').focus();
  await app.keyboard.press('Escape');
  await expect(pick).toHaveAttribute('aria-pressed', 'false');
  await expect(pick).not.toHaveClass(/active/);
  await expect(app.locator('#q-from')).toHaveAttribute('placeholder', placeholder!);
  // A node picked takes the field and ends picking, as before.
  await pick.click();
  await tap(app, BASTION);
  await expect(app.locator('#q-from')).toHaveValue('i-0a20000000000ba51');
  await expect(pick).toHaveAttribute('aria-pressed', 'false');
});

test('a one-address block copied from a rule is that address; a wider block asks for one address in it', async ({ app, shoot }) => {
  // The bastion admits ssh from 203.0.113.10/32 only.
  await app.locator('#q-from').fill('203.0.113.10/32');
  await app.locator('#q-to').fill('sample-bastion');
  await app.locator('#q-port').fill('22');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  expect(await app.evaluate(() => window.__reachmapTest!.highlighted())).toEqual(expect.arrayContaining(['x:cidr:203.0.113.10/32', BASTION]));
  await app.locator('#q-from').fill('203.0.113.0/24');
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result .dialog-error')).toContainText("'203.0.113.0/24' is a block of addresses, not one end: name one address in it (such as 203.0.113.1)");
  await shoot('21b-query-cidr-typed');
});

test('Internet and 0.0.0.0/0 typed into From or To mean the Internet, as picking its node does', async ({ app, shoot }) => {
  for (const typed of ['internet', '0.0.0.0/0']) {
    await app.locator('#q-from').fill(typed);
    await app.locator('#q-to').fill('legacy-admin');
    await app.locator('#q-port').fill('3389');
    await app.locator('#q-ask').click();
    await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
    await expect(app.locator('#query-result')).toContainText('standing for the Internet');
    expect(await app.evaluate(() => window.__reachmapTest!.highlighted())).toEqual(expect.arrayContaining(['x:internet', LEGACY_ADMIN]));
  }
  // The other way: legacy-admin may send anything out to the Internet.
  await app.locator('#q-from').fill('legacy-admin');
  await app.locator('#q-to').fill('INTERNET');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  await shoot('21-query-internet-typed');
});

test('an outside address is marked on the narrowest outside node that holds it, not always on the Internet', async ({ app }) => {
  // The office's /32 lets SSH in to the bastion: asked from the office, the office's node is the source.
  await app.locator('#q-from').fill('203.0.113.10');
  await app.locator('#q-to').fill('sample-bastion');
  await app.locator('#q-port').fill('22');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  let highlighted = await app.evaluate(() => window.__reachmapTest!.highlighted());
  expect(highlighted).toContain('x:cidr:203.0.113.10/32');
  expect(highlighted).not.toContain('x:internet');
  // Any other outside address is the Internet's.
  await app.locator('#q-from').fill('192.0.2.77');
  await app.locator('#q-to').fill('legacy-admin');
  await app.locator('#q-port').fill('3389');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  highlighted = await app.evaluate(() => window.__reachmapTest!.highlighted());
  expect(highlighted).toContain('x:internet');
  expect(highlighted).not.toContain('x:cidr:203.0.113.10/32');
});

test('the answer is scrolled into view below a node\'s long details', async ({ app, shoot }) => {
  // sample-db's details (two subnets, three rules) push the panel's answer below the fold.
  await tap(app, 'ep:sample-db');
  await expect(app.locator('#details h3')).toHaveText('sample-db');
  await app.locator('#q-from').fill('sample-bastion');
  await app.locator('#q-to').fill('legacy-admin');
  await app.locator('#q-port').fill('3389');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  await expect(app.locator('#query-result')).toBeInViewport({ ratio: 1 });
  const [side, answer] = await Promise.all([app.locator('.side').boundingBox(), app.locator('#query-result').boundingBox()]);
  expect(answer!.y).toBeGreaterThanOrEqual(side!.y);
  expect(answer!.y + answer!.height).toBeLessThanOrEqual(side!.y + side!.height);
  await shoot('22-query-answer-in-view');
});

test('an answer for a grouped node names the member it was asked for, and whether the others share it', async ({ app, shoot }) => {
  const groups = (await app.evaluate(() => window.__reachmapTest!.visibleLeaves())).filter((l) => l.id.startsWith('fg:'));
  const web = groups.find((g) => g.label.startsWith('sample-web'))!;
  const appTier = groups.find((g) => g.label.startsWith('sample-app'))!;
  await app.locator('button.pick[data-pick="from"]').click();
  await tap(app, web.id);
  await app.locator('button.pick[data-pick="to"]').click();
  await tap(app, appTier.id);
  await app.locator('#q-port').fill('8443');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  const from = app.locator('#query-result .group-pick[data-side="from"]');
  await expect(from).toContainText(`${web.label.split('\n')[0]} stands for 2 endpoints; this answer is for its first member, `);
  await expect(from).toContainText(await app.locator('#q-from').inputValue());
  await expect(app.locator('#query-result .group-pick[data-side="to"]')).toContainText(`${appTier.label.split('\n')[0]} stands for 2 endpoints`);
  await shoot('26-query-grouped-node');
  // Typed, the same member is one endpoint: no word about a group.
  await app.locator('#q-from').fill(await app.locator('#q-from').inputValue());
  await app.locator('#q-to').fill(await app.locator('#q-to').inputValue());
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result .group-pick')).toHaveCount(0);
});

test('Internet is asked over IPv4 and IPv6: an endpoint open to ::/0 alone is open to the Internet', async ({ app, shoot }) => {
  // dual-stack.tfstate: dual-jump has 10.40.1.10 and 2600:1f18:4000:a01::10; its group lets SSH in
  // from ::/0 only, HTTPS from both.
  await openFixture(app, 'dual-stack.tfstate');
  const ask = async (from: string, port: string): Promise<void> => {
    await app.locator('#q-from').fill(from);
    await app.locator('#q-to').fill('dual-jump');
    await app.locator('#q-proto').selectOption('tcp');
    await app.locator('#q-port').fill(port);
    await app.locator('#q-ask').click();
  };
  await ask('Internet', '22');
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  await expect(app.locator('#query-result')).toContainText('2600:1f18:4000:a01::10');
  await expect(app.locator('.internet-families')).toHaveText(/shown: IPv6.*over IPv4 it is denied/);
  await shoot('22-query-internet-ipv6-only');
  // The IPv4 block asks over IPv4 alone: SSH is closed there.
  await ask('0.0.0.0/0', '22');
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'denied');
  await expect(app.locator('.internet-families')).toHaveCount(0);
  // Open over both: IPv4 is shown, and the line says IPv6 agrees.
  await ask('internet', '443');
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  await expect(app.locator('#query-result')).toContainText('10.40.1.10');
  await expect(app.locator('.internet-families')).toHaveText(/allowed over both; shown: IPv4/);
});

test('Internet and icmp: asked over IPv4 only, so all traffic from ::/0 does not read as letting ping in', async ({ app }) => {
  // dual-stack.tfstate also lets everything in from ::/0; nothing lets ICMP in over IPv4.
  await openFixture(app, 'dual-stack.tfstate');
  await app.locator('#q-from').fill('Internet');
  await app.locator('#q-to').fill('dual-jump');
  await app.locator('#q-proto').selectOption('icmp');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'denied');
  await expect(app.locator('.internet-families')).toHaveText(/ICMP is IPv4's: the Internet was asked about over IPv4 only/);
  // Both ends the Internet: no security group is crossed, so there is nothing to answer.
  await app.locator('#q-to').fill('::/0');
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result .dialog-error')).toHaveText(/Both ends are the Internet/);
});

test('Internet where no single IPv4 address can stand for it: no verdict from IPv6 alone', async ({ app }) => {
  // ipv4-halves.tfstate: an IPv4-only bastion open to 0.0.0.0/1 and 128.0.0.0/1, which cover every
  // IPv4 stand-in; only IPv6 could be asked, and the bastion has no IPv6 address.
  await openFixture(app, 'ipv4-halves.tfstate');
  await app.locator('#q-from').fill('Internet');
  await app.locator('#q-to').fill('halves-bastion');
  await app.locator('#q-proto').selectOption('tcp');
  await app.locator('#q-port').fill('22');
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result .dialog-error')).toHaveText(/named blocks cover every public IPv4 address/);
  await expect(app.locator('.verdict')).toHaveCount(0);
  // An outside address the user types is answered.
  await app.locator('#q-from').fill('203.0.113.9');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
});

test('ICMP is asked by type and code, icmpv6 and protocol numbers too, as the CLI asks them', async ({ app }) => {
  // legacy-admin lets in SSH and RDP from anywhere, and no ICMP: ping is refused.
  await app.locator('#q-from').fill('Internet');
  await app.locator('#q-to').fill('legacy-admin');
  await app.locator('#q-proto').selectOption('icmp');
  await expect(app.locator('#q-port')).toHaveAttribute('placeholder', 'any type');
  await app.locator('#q-port').fill('8/0');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'denied');
  await expect(app.locator('#query-result')).toContainText('icmp type 8 code 0');
  await app.locator('#q-proto').selectOption('tcp');
  await app.locator('#q-port').fill('3389');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
  await app.locator('#q-proto').selectOption('number');
  await app.locator('#q-port').fill('50');
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result')).toContainText('protocol 50');
  await app.locator('#q-port').fill('300');
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result')).toContainText('"300" is not an IP protocol number');
  await app.locator('#q-proto').selectOption('icmpv6');
  await app.locator('#q-port').fill('128/x');
  await app.locator('#q-ask').click();
  await expect(app.locator('#query-result')).toContainText('is not an ICMP type, or type/code');
});

test('an answer that depends is marked apart from a denial: its dashed edge shown, its ends in amber', async ({ app, shoot }) => {
  await openFixture(app, 'depends.tfstate');
  await app.locator('#q-from').fill('front');
  await app.locator('#q-to').fill('web');
  await app.locator('#q-port').fill('8080');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'depends');
  const highlighted = await app.evaluate(() => window.__reachmapTest!.highlighted());
  expect(highlighted.filter((id) => id.startsWith('fe:'))).toHaveLength(1);
  expect(highlighted.filter((id) => id.startsWith('ep:') || id.startsWith('arn:') || !id.startsWith('fe:'))).toHaveLength(2);
  await shoot('21-query-depends');
  // The edge's details say which of its ports depend: 443 holds wherever the LB lands, 8080 does not.
  const edge = highlighted.find((id) => id.startsWith('fe:'))!;
  await app.evaluate((id) => window.__reachmapTest!.tap(id), edge);
  await expect(app.locator('#details .segment')).toHaveCount(2);
  await expect(app.locator('#details .segment[data-ports="tcp 8080"]')).toHaveClass(/depends/);
  await expect(app.locator('#details .segment[data-ports="tcp 8080"]')).toContainText('not for all');
  await expect(app.locator('#details .segment[data-ports="tcp 443"]')).not.toHaveClass(/depends/);
  await shoot('21b-edge-depends-in-part');
  // Denied: the two ends alone.
  await app.locator('#q-port').fill('9090');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'denied');
  expect((await app.evaluate(() => window.__reachmapTest!.highlighted())).filter((id) => id.startsWith('fe:'))).toEqual([]);
});
