import type { Rule } from '../src/engine/types.js';
import DD001 from './DD001.js';
import DD002 from './DD002.js';
import DD003 from './DD003.js';
import DD101 from './DD101.js';
import DD102 from './DD102.js';
import DD103 from './DD103.js';
import DD104 from './DD104.js';
import DD105 from './DD105.js';
import DD106 from './DD106.js';
import DD107 from './DD107.js';
import DD108 from './DD108.js';
import DD109 from './DD109.js';
import DD110 from './DD110.js';
import DD201 from './DD201.js';
import DD202 from './DD202.js';
import DD203 from './DD203.js';
import DD204 from './DD204.js';
import DD205 from './DD205.js';
import DD206 from './DD206.js';
import DD207 from './DD207.js';
import DD208 from './DD208.js';
import DD209 from './DD209.js';
import DD210 from './DD210.js';
import DD211 from './DD211.js';
import DD212 from './DD212.js';
import DD301 from './DD301.js';
import DD302 from './DD302.js';
import DD303 from './DD303.js';
import DD304 from './DD304.js';
import DD305 from './DD305.js';
import DD306 from './DD306.js';
import DD307 from './DD307.js';
import DD308 from './DD308.js';
import DD309 from './DD309.js';
import DD401 from './DD401.js';
import DD402 from './DD402.js';
import DD403 from './DD403.js';
import DD404 from './DD404.js';
import DD405 from './DD405.js';
import DD406 from './DD406.js';
import DD407 from './DD407.js';
import DD408 from './DD408.js';
import DD409 from './DD409.js';
import DD410 from './DD410.js';
import DD411 from './DD411.js';
import DD412 from './DD412.js';
import DD413 from './DD413.js';
import DD414 from './DD414.js';
import DD415 from './DD415.js';
import DD416 from './DD416.js';
import DD417 from './DD417.js';
import DD418 from './DD418.js';
import DD419 from './DD419.js';
import DD501 from './DD501.js';

/** The rule catalogue. IDs never change meaning (docs/rules/). One entry per line, kept in ID order. */
export const ALL_RULES: readonly Rule[] = [
  DD001,
  DD002,
  DD003,
  DD101,
  DD102,
  DD103,
  DD104,
  DD105,
  DD106,
  DD107,
  DD108,
  DD109,
  DD110,
  DD201,
  DD202,
  DD203,
  DD204,
  DD205,
  DD206,
  DD207,
  DD208,
  DD209,
  DD210,
  DD211,
  DD212,
  DD301,
  DD302,
  DD303,
  DD304,
  DD305,
  DD306,
  DD307,
  DD308,
  DD309,
  DD401,
  DD402,
  DD403,
  DD404,
  DD405,
  DD406,
  DD407,
  DD408,
  DD409,
  DD410,
  DD411,
  DD412,
  DD413,
  DD414,
  DD415,
  DD416,
  DD417,
  DD418,
  DD419,
  DD501,
];

/** The rules a host check runs (`check`, `fleet`): compose networks are `dockdoc lint`'s business, and a host has no compose files to read. */
export const HOST_CHECK_RULES = ALL_RULES.filter((rule) => rule.area !== 'compose');
