import { describe, expect, it } from 'vitest';
import { chronologyRows, readReturnForm } from '../../../src/web/information/return-form.js';

describe('readReturnForm', () => {
  const base = { summary: ' Summary ', analysis: 'A', learning: 'L' };

  it('reads the texts and the chronology rows, leaving wholly empty rows out', () => {
    const { answer, errors } = readReturnForm(
      {
        ...base,
        'chronology-1-day': '14',
        'chronology-1-month': '2',
        'chronology-1-year': '2025',
        'chronology-1-contact': ' Visit ',
        'chronology-2-day': '',
        'chronology-2-month': '',
        'chronology-2-year': '',
        'chronology-2-contact': '',
        'chronology-3-day': '3',
        'chronology-3-month': '11',
        'chronology-3-year': '2024',
        'chronology-3-contact': 'Call',
      },
      ['a'.repeat(32)],
    );
    expect(errors).toEqual([]);
    expect(answer).toEqual({
      summary: 'Summary',
      chronology: [
        { on: '2025-02-14', contact: 'Visit' },
        { on: '2024-11-03', contact: 'Call' },
      ],
      analysis: 'A',
      learning: 'L',
      documentIds: ['a'.repeat(32)],
    });
  });

  it('names the row with a part missing', () => {
    const { answer, errors } = readReturnForm(
      {
        ...base,
        'chronology-1-day': '14',
        'chronology-1-month': '',
        'chronology-1-year': '2025',
        'chronology-1-contact': 'Visit',
        'chronology-2-day': '',
        'chronology-2-month': '',
        'chronology-2-year': '',
        'chronology-2-contact': 'No date',
        'chronology-3-day': '1',
        'chronology-3-month': '1',
        'chronology-3-year': '2025',
        'chronology-3-contact': '',
      },
      [],
    );
    expect(answer).toBeUndefined();
    expect(errors).toEqual([
      { field: 'chronology-1', href: '#chronology-1-day', text: 'The date of contact 1 must include a month' },
      { field: 'chronology-2', href: '#chronology-2-day', text: 'Enter the date of contact 2' },
      { field: 'chronology-3', href: '#chronology-3-contact', text: 'Enter what happened at contact 3' },
    ]);
  });
});

describe('chronologyRows', () => {
  it('shows the saved entries and two empty rows', () => {
    const rows = chronologyRows({
      answer: { summary: '', chronology: [{ on: '2025-02-04', contact: 'Visit' }], analysis: '', learning: '', documentIds: [] },
    });
    expect(rows).toEqual([
      { index: 1, day: '4', month: '2', year: '2025', contact: 'Visit' },
      { index: 2, day: '', month: '', year: '', contact: '' },
      { index: 3, day: '', month: '', year: '', contact: '' },
    ]);
    expect(chronologyRows({ answer: null })).toHaveLength(2);
  });
});
