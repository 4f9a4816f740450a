/**
 * Market file (kWh, decimals) → integer orders and resolved parameters, exactly.
 * Every error names the order (its id and position) and the field, and says what is allowed.
 */
import { formatKWh, formatPrice, isLeagError, LeagError, parseDecimal } from '@leag/core';
import { validateOrders } from '../contract/validate.js';
import { describeValue } from '../describe.js';
import { type ResolvedParams, resolveParams } from '../params.js';
import type { ContractBuyOrder, ContractSellOrder, WindowOrders } from '../types.js';

export interface ParsedMarket extends WindowOrders {
  readonly params: ResolvedParams;
}

const BUY_FIELDS = ['id', 'dMin', 'dMax', 'omega', 'price', 'priceMax'];
const SELL_FIELDS = ['id', 'sMax', 'price', 'priceMin'];
const MAX_ID = 128;

function fail(where: string, field: string, message: string, extra: Record<string, unknown> = {}): never {
  throw new LeagError('ORDER_FIELD', `${where}: ${field} ${message}`, { order: where, field, ...extra });
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new LeagError('MARKET_FILE', `${what} must be a JSON object`, { field: what });
  }
  return v as Record<string, unknown>;
}

function field(o: Record<string, unknown>, where: string, name: string, scale: number, unit: string): bigint {
  const v = o[name];
  if (v === undefined || v === null) fail(where, name, `is missing (a decimal in ${unit})`);
  if (typeof v !== 'number' && typeof v !== 'string') fail(where, name, `must be a decimal number in ${unit}`);
  try {
    return parseDecimal(v, scale, { field: name, max: 10n ** 30n });
  } catch (e) {
    if (isLeagError(e)) fail(where, name, `is not valid: ${e.message}`, { found: describeValue(v) });
    throw e;
  }
}

/** ω in ppm; out-of-range values are reported by validateOrders. */
const ppm = (v: bigint): number => (v > 2_000_000_000n ? 2_000_000_000 : Number(v));

function idOf(o: Record<string, unknown>, where: string): string {
  const id = o.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) {
    fail(where, 'id', `must be a non-empty string of at most ${MAX_ID} characters`, { found: describeValue(id) });
  }
  return id;
}

function unknownKeys(o: Record<string, unknown>, where: string, allowed: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(where, k, `is not a known field (allowed: ${allowed.join(', ')})`);
  }
}

function list(root: Record<string, unknown>, name: string): unknown[] {
  const v = root[name] ?? [];
  if (!Array.isArray(v)) throw new LeagError('MARKET_FILE', `"${name}" must be an array of orders`, { field: name });
  return v;
}

/** Parses a market file's JSON value (already JSON.parse'd) and validates every order. */
export function parseMarket(json: unknown): ParsedMarket {
  const root = obj(json, 'the market file');
  for (const k of Object.keys(root)) {
    if (!['params', 'buyers', 'sellers'].includes(k)) {
      throw new LeagError('MARKET_FILE', `unknown top-level key "${k}" (allowed: params, buyers, sellers)`, {
        field: k,
      });
    }
  }
  const params = resolveParams(root.params ?? {});
  const buyers: ContractBuyOrder[] = list(root, 'buyers').map((raw, n) => {
    const o = obj(raw, `buyers[${n}]`);
    const id = idOf(o, `buyers[${n}]`);
    const where = `buyer "${id}" (buyers[${n}])`;
    unknownKeys(o, where, BUY_FIELDS);
    return {
      id,
      dMinWh: field(o, where, 'dMin', 3, 'kWh'),
      dMaxWh: field(o, where, 'dMax', 3, 'kWh'),
      omegaPpm: o.omega === undefined ? 1_000_000 : ppm(field(o, where, 'omega', 6, 'units of 1 (0 < omega <= 1)')),
      price: field(o, where, 'price', 6, 'currency per kWh'),
      priceMax: field(o, where, 'priceMax', 6, 'currency per kWh'),
    };
  });
  const sellers: ContractSellOrder[] = list(root, 'sellers').map((raw, n) => {
    const o = obj(raw, `sellers[${n}]`);
    const id = idOf(o, `sellers[${n}]`);
    const where = `seller "${id}" (sellers[${n}])`;
    unknownKeys(o, where, SELL_FIELDS);
    return {
      id,
      sMaxWh: field(o, where, 'sMax', 3, 'kWh'),
      price: field(o, where, 'price', 6, 'currency per kWh'),
      priceMin: field(o, where, 'priceMin', 6, 'currency per kWh'),
    };
  });
  validateOrders({ buyers, sellers }, params);
  return { params, buyers, sellers };
}

/** Integer orders back to the file's shape (exact decimal strings turned into JSON numbers). */
export function ordersToSpec(m: WindowOrders): {
  buyers: { id: string; dMin: number; dMax: number; omega: number; price: number; priceMax: number }[];
  sellers: { id: string; sMax: number; price: number; priceMin: number }[];
} {
  return {
    buyers: m.buyers.map((b) => ({
      id: b.id,
      dMin: Number(formatKWh(b.dMinWh)),
      dMax: Number(formatKWh(b.dMaxWh)),
      omega: b.omegaPpm / 1_000_000,
      price: Number(formatPrice(b.price)),
      priceMax: Number(formatPrice(b.priceMax)),
    })),
    sellers: m.sellers.map((s) => ({
      id: s.id,
      sMax: Number(formatKWh(s.sMaxWh)),
      price: Number(formatPrice(s.price)),
      priceMin: Number(formatPrice(s.priceMin)),
    })),
  };
}
