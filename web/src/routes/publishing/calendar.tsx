import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo, useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { calendarQuery, schedulePost, type CalendarData, type PostSummary } from '../../api/publishing.ts';
import { useUser } from '../../auth/session.ts';
import { ModalDialog } from '../../components/dialogs.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { WibDateTimeField } from '../../components/wib-date-time.tsx';
import { formatDateTime, wibToday } from '../../lib/format.ts';
import { can } from '../../lib/permissions.ts';
import { fromWibInput, monthGrid, moveToDay, MOVABLE, stepDay, toWibInput, viewRange, weekDays, wibDay, wibTime, type CalendarView as View, type Day } from '../../lib/publishing.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import type { PublishingSearch } from './posts.tsx';
import { invalidatePublishing, PostStatusBadge } from './shared.tsx';

const VIEWS: View[] = ['bulan', 'minggu', 'daftar'];
const isDay = (v: string | undefined): v is Day => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** The post's moment on the calendar: when it went out, else when it is due. */
const momentOf = (p: PostSummary) => p.publishedAt ?? p.scheduledAt;

function useDayFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  return useMemo(() => {
    const f = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts });
    const long = f({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    const month = f({ month: 'long', year: 'numeric' });
    const short = f({ day: 'numeric', month: 'short', year: 'numeric' });
    const weekday = f({ weekday: 'short' });
    const weekdayLong = f({ weekday: 'long' });
    const d = (day: Day) => new Date(`${day}T00:00:00Z`);
    return {
      long: (day: Day) => long.format(d(day)),
      month: (day: Day) => month.format(d(day)),
      short: (day: Day) => short.format(d(day)),
      weekday: (day: Day) => weekday.format(d(day)),
      weekdayLong: (day: Day) => weekdayLong.format(d(day)),
      time: (iso: string) => (i18n.language === 'en' ? wibTime(iso) : wibTime(iso).replace(':', '.')),
    };
  }, [locale, i18n.language]);
}

type Indexed = {
  posts: Map<Day, PostSummary[]>;
  holidays: Map<Day, CalendarData['holidays'][number]>;
  campaignsOn: (day: Day) => CalendarData['campaigns'];
};

function indexCalendar(data: CalendarData | undefined): Indexed {
  const posts = new Map<Day, PostSummary[]>();
  for (const p of data?.posts ?? []) {
    const at = momentOf(p);
    if (!at) continue;
    const day = wibDay(at);
    posts.set(day, [...(posts.get(day) ?? []), p]);
  }
  for (const list of posts.values()) list.sort((a, b) => (momentOf(a) ?? '').localeCompare(momentOf(b) ?? ''));
  const holidays = new Map((data?.holidays ?? []).map((h) => [h.date, h]));
  const campaigns = (data?.campaigns ?? []).map((c) => ({ c, from: wibDay(c.startsAt), to: wibDay(new Date(new Date(c.endsAt).getTime() - 1)) }));
  return { posts, holidays, campaignsOn: (day) => campaigns.filter((x) => x.from <= day && day <= x.to).map((x) => x.c) };
}

/** The calendar of posts (WIB): month, week or list; drag a post to another day, or use "Pindahkan jadwal". */
export function CalendarView({ search, onChange }: { search: PublishingSearch; onChange: (p: Partial<PublishingSearch>) => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const fmt = useDayFormat();
  const narrow = useIsNarrow();
  const view: View = VIEWS.includes(search.kal as View) ? (search.kal as View) : 'bulan';
  const today = wibToday();
  const day = isDay(search.tgl) ? search.tgl : today;
  const range = viewRange(view, day);
  const cal = useQuery(calendarQuery({ from: range.from, to: range.to, orgId: search.opd }));
  const index = useMemo(() => indexCalendar(cal.data), [cal.data]);
  const [moving, setMoving] = useState<PostSummary | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const canWrite = can(user, 'publishing.write');

  const move = useMutation({
    mutationFn: ({ post, at }: { post: PostSummary; at: string }) => schedulePost(post.id, at),
    onSuccess: (res, { post }) => {
      const msg = t('publishing.calendar.moved', { title: post.title || t('publishing.untitled'), when: formatDateTime(res.scheduledAt, i18n.language) });
      setStatus(msg);
      toast.success(msg);
      setMoving(null);
      void invalidatePublishing(queryClient, post.id);
    },
    onError: (err) => {
      setStatus(errorMessage(err));
    },
  });

  const movable = (p: PostSummary) => canWrite && MOVABLE.includes(p.status) && !!p.scheduledAt;
  const onDropDay = (target: Day, e: DragEvent) => {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/plain') || dragging;
    setDragging(null);
    const post = cal.data?.posts.find((p) => p.id === id);
    if (!post?.scheduledAt || wibDay(post.scheduledAt) === target) return;
    move.mutate(
      { post, at: moveToDay(post.scheduledAt, target) },
      // A refusal (e.g. the author moving an approved post) is shown where the eye is.
      { onError: (err) => toast.error(errorMessage(err)) },
    );
  };

  const heading = view === 'minggu' ? `${fmt.short(weekDays(day)[0]!)} – ${fmt.short(weekDays(day)[6]!)}` : fmt.month(day);
  const unit = view === 'minggu' ? 'week' : 'month';
  const renderPost = (p: PostSummary) => (
    <CalendarPost key={p.id} post={p} time={fmt.time(momentOf(p)!)} movable={movable(p)} onMove={() => setMoving(p)} onDragStart={() => setDragging(p.id)} onDragEnd={() => setDragging(null)} />
  );
  const dayProps = (d: Day) => ({
    day: d,
    posts: index.posts.get(d) ?? [],
    holiday: index.holidays.get(d),
    campaigns: index.campaignsOn(d),
    isToday: d === today,
    dropping: dragging !== null,
    onDrop: (e: DragEvent) => onDropDay(d, e),
    renderPost,
  });

  return (
    <section className="calendar" aria-labelledby="calendar-heading">
      <div className="calendar__bar">
        <h2 id="calendar-heading" className="calendar__heading" aria-live="polite">
          {heading}
        </h2>
        <div className="calendar__nav">
          <Button className="btn btn--secondary btn--small" onPress={() => onChange({ tgl: stepDay(view, day, -1) })}>
            <span aria-hidden="true">‹ </span>
            {t(`publishing.calendar.prev.${unit}`)}
          </Button>
          <Button className="btn btn--secondary btn--small" onPress={() => onChange({ tgl: undefined })}>
            {t('publishing.calendar.today')}
          </Button>
          <Button className="btn btn--secondary btn--small" onPress={() => onChange({ tgl: stepDay(view, day, 1) })}>
            {t(`publishing.calendar.next.${unit}`)}
            <span aria-hidden="true"> ›</span>
          </Button>
        </div>
        <div className="segmented" role="group" aria-label={t('publishing.calendar.viewLabel')}>
          {VIEWS.map((v) => (
            <Button key={v} className="segmented__item" aria-pressed={view === v} onPress={() => onChange({ kal: v === 'bulan' ? undefined : v })}>
              {t(`publishing.calendar.view.${v}`)}
            </Button>
          ))}
        </div>
      </div>
      <p className="calendar__hint small muted">{canWrite ? t('publishing.calendar.hint') : t('publishing.calendar.hintReadOnly')}</p>
      <div role="status" className="visually-hidden" aria-live="polite">
        {status}
      </div>
      {cal.isPending ? <Loading /> : null}
      {cal.isError ? <ErrorState error={cal.error} onRetry={() => void cal.refetch()} /> : null}
      {cal.data ? (
        view === 'bulan' && !narrow ? (
          <table className="cal-month">
            <caption className="visually-hidden">{t('publishing.calendar.caption', { period: heading })}</caption>
            <thead>
              <tr>
                {weekDays(day).map((d) => (
                  <th key={d} scope="col">
                    <abbr title={fmt.weekdayLong(d)}>{fmt.weekday(d)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthGrid(day).map((week) => (
                <tr key={week[0]}>
                  {week.map((d) => (
                    <DayCell key={d} {...dayProps(d)} as="td" outside={d.slice(0, 7) !== day.slice(0, 7)} label={fmt.long(d)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : view === 'minggu' ? (
          <ol className="cal-week" aria-label={t('publishing.calendar.caption', { period: heading })}>
            {weekDays(day).map((d) => (
              <DayCell key={d} {...dayProps(d)} as="li" label={fmt.long(d)} showEmpty />
            ))}
          </ol>
        ) : (
          <Agenda days={dayList(range.from, range.to)} index={index} dayProps={dayProps} label={fmt.long} heading={heading} />
        )
      ) : null}
      {moving ? <MoveDialog post={moving} isPending={move.isPending} error={move.error ? errorMessage(move.error) : null} onClose={() => (move.reset(), setMoving(null))} onMove={(at) => move.mutate({ post: moving, at })} /> : null}
    </section>
  );
}

function dayList(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}

/** The list view (and the month on phones): only days with something on them. */
function Agenda({ days, index, dayProps, label, heading }: { days: Day[]; index: Indexed; dayProps: (d: Day) => DayCellProps; label: (d: Day) => string; heading: string }) {
  const { t } = useTranslation();
  const busy = days.filter((d) => index.posts.has(d) || index.holidays.has(d) || index.campaignsOn(d).length > 0);
  if (!busy.length) return <p className="state state--empty">{t('publishing.calendar.nothing')}</p>;
  return (
    <ol className="cal-agenda" aria-label={t('publishing.calendar.caption', { period: heading })}>
      {busy.map((d) => (
        <DayCell key={d} {...dayProps(d)} as="li" label={label(d)} showEmpty />
      ))}
    </ol>
  );
}

type DayCellProps = {
  day: Day;
  posts: PostSummary[];
  holiday: CalendarData['holidays'][number] | undefined;
  campaigns: CalendarData['campaigns'];
  isToday: boolean;
  dropping: boolean;
  onDrop: (e: DragEvent) => void;
  renderPost: (p: PostSummary) => ReactNode;
};

function DayCell({ day, posts, holiday, campaigns, isToday, dropping, onDrop, renderPost, as, outside, label, showEmpty }: DayCellProps & { as: 'td' | 'li'; outside?: boolean; label: string; showEmpty?: boolean }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const Tag = as;
  const holidayWords = holiday && !holiday.working ? holiday.kinds.map((k, i) => `${t(k === 'cuti_bersama' ? 'publishing.calendar.cutiBersama' : k === 'national' ? 'publishing.calendar.national' : 'publishing.calendar.holiday')}: ${holiday.names[i] ?? ''}`) : [];
  return (
    <Tag
      className={`cal-day${outside ? ' cal-day--outside' : ''}${isToday ? ' cal-day--today' : ''}${holidayWords.length ? ' cal-day--holiday' : ''}${over ? ' cal-day--over' : ''}`}
      data-day={day}
      onDragOver={(e) => {
        if (!dropping) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (!over) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        onDrop(e);
      }}
    >
      <p className="cal-day__date">
        <span aria-hidden={as === 'td' ? 'true' : undefined} className={as === 'td' ? 'cal-day__num' : 'cal-day__label'}>
          {as === 'td' ? Number(day.slice(8)) : label}
        </span>
        {as === 'td' ? <span className="visually-hidden">{label}</span> : null}
        {isToday ? <span className="badge badge--tone-info cal-day__today">{t('publishing.calendar.todayBadge')}</span> : null}
      </p>
      {holidayWords.map((w) => (
        <p key={w} className="cal-day__holiday">
          {w}
        </p>
      ))}
      {campaigns.map((c) => (
        <p key={c.id} className="cal-day__campaign">
          <Link to="/publikasi/kampanye/$campaignId" params={{ campaignId: c.id }}>
            {t('publishing.calendar.campaign', { title: c.title })}
          </Link>
        </p>
      ))}
      {posts.length ? <ul className="cal-day__posts">{posts.map(renderPost)}</ul> : showEmpty ? <p className="small muted cal-day__none">{t('publishing.calendar.noPosts')}</p> : null}
    </Tag>
  );
}

function CalendarPost({ post, time, movable, onMove, onDragStart, onDragEnd }: { post: PostSummary; time: string; movable: boolean; onMove: () => void; onDragStart: () => void; onDragEnd: () => void }) {
  const { t } = useTranslation();
  const title = post.title || t('publishing.untitled');
  return (
    <li
      className={`cal-post cal-post--${post.status}${movable ? ' cal-post--movable' : ''}`}
      draggable={movable}
      data-post-item={post.id}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', post.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
    >
      <Link to="/publikasi/$postId" params={{ postId: post.id }} className="cal-post__link" draggable={false}>
        <span className="cal-post__time">{time}</span> <span className="cal-post__title">{title}</span>
      </Link>
      <span className="cal-post__meta">
        <PostStatusBadge status={post.status} />
        {movable ? (
          <Button className="link-button cal-post__move" onPress={onMove} aria-label={t('publishing.calendar.moveNamed', { title })}>
            {t('publishing.calendar.move')}
          </Button>
        ) : null}
      </span>
    </li>
  );
}

/** The keyboard (and touch) alternative to dragging: a new date and time, in WIB. */
function MoveDialog({ post, isPending, error, onClose, onMove }: { post: PostSummary; isPending: boolean; error: string | null; onClose: () => void; onMove: (at: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(toWibInput(post.scheduledAt));
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = fromWibInput(value);
    setInvalid(!at);
    if (at) onMove(at);
  };
  return (
    <ModalDialog title={t('publishing.calendar.move')} isOpen onOpenChange={(open) => (!open ? onClose() : undefined)}>
      <Form onSubmit={submit} className="form">
        <p className="dialog__intro">{post.title || t('publishing.untitled')}</p>
        <WibDateTimeField id="move-when" label={t('publishing.schedule.field')} value={value} onChange={setValue} invalid={invalid} required />
        <FormAlert message={invalid ? t('publishing.schedule.invalid') : error} />
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={isPending}>
            {isPending ? t('common.saving') : t('publishing.calendar.moveConfirm')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}
