import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useMemo } from 'react';
import { directory } from '../../api/endpoints';
import type { GroupRule, Unit, UnitGroup, UnitKind, UnitLevel } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { zh } from '../../i18n/zh';

const f = zh.units.groupForm;
const KINDS = Object.keys(zh.units.kinds) as UnitKind[];
const LEVELS = Object.keys(zh.units.levels) as UnitLevel[];
const RULE_TYPES = Object.keys(f.ruleTypes) as GroupRule['type'][];

interface Values {
  id?: string;
  name: string;
  aliases?: string[];
  type: GroupRule['type'];
  memberIds?: string[];
  parentId?: string;
  jurisdictionId?: string;
  level?: UnitLevel;
  kinds?: UnitKind[];
  withCommittees?: boolean;
}

function initialValues(group: UnitGroup | null): Values {
  if (!group) return { name: '', aliases: [], type: 'members', memberIds: [], level: 'county', kinds: ['government'] };
  const base = { id: group.id, name: group.name, aliases: group.aliases };
  const r = group.rule;
  switch (r.type) {
    case 'members':
      return { ...base, type: 'members', memberIds: r.memberIds, level: 'county', kinds: ['government'] };
    case 'children':
      return { ...base, type: 'children', parentId: r.parentId, kinds: r.kinds ?? [], memberIds: [], level: 'county' };
    case 'level':
      return {
        ...base,
        type: 'level',
        jurisdictionId: r.jurisdictionId,
        level: r.level,
        kinds: r.kinds,
        withCommittees: r.withCommittees ?? false,
        memberIds: [],
      };
    case 'choose':
      return { ...base, type: 'choose', memberIds: [], level: 'county', kinds: ['government'] };
  }
}

function ruleOf(v: Values): GroupRule {
  switch (v.type) {
    case 'members':
      return { type: 'members', memberIds: v.memberIds ?? [] };
    case 'children':
      return { type: 'children', parentId: v.parentId ?? '', ...(v.kinds?.length ? { kinds: v.kinds } : {}) };
    case 'level':
      return {
        type: 'level',
        jurisdictionId: v.jurisdictionId ?? '',
        level: v.level ?? 'county',
        kinds: v.kinds ?? [],
        ...(v.withCommittees ? { withCommittees: true } : {}),
      };
    case 'choose':
      return { type: 'choose' };
  }
}

/** Adds a unit group or changes one: its name, aliases and the rule that finds its members. */
export function GroupForm({
  open,
  group,
  units,
  memberCount,
  onClose,
  onSaved,
}: {
  open: boolean;
  group: UnitGroup | null;
  units: Unit[];
  /** The group's resolved member count as last loaded (null: chosen per task). */
  memberCount: number | null | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const type = Form.useWatch('type', form) ?? initialValues(group).type;
  const picked = Form.useWatch('memberIds', form);
  const choices = useMemo(
    () =>
      units.map((u) => ({
        value: u.id,
        label: u.active ? u.name : `${u.name}${zh.common.paren(zh.units.abolished)}`,
        search: [u.name, u.id, ...u.aliases].join(' '),
      })),
    [units],
  );

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await submit.run(async () => {
      const body = { name: v.name.trim(), aliases: v.aliases ?? [], rule: ruleOf(v) };
      if (group) await directory.saveGroup({ id: group.id, ...body });
      else await directory.createGroup({ ...body, ...(v.id?.trim() ? { id: v.id.trim() } : {}) });
      message.success(zh.units.groupSaved);
      onSaved();
    });
  };

  const required = [{ required: true, whitespace: true, message: zh.common.required }];
  const search = { optionFilterProp: 'search' };
  const count = type === 'members' ? new Set(picked ?? []).size : group?.rule.type === type ? memberCount : undefined;
  return (
    <Modal
      open={open}
      title={group ? f.titleEdit : f.titleNew}
      onOk={save}
      onCancel={onClose}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={submit.busy}
      destroyOnHidden
      width={680}
    >
      <Form form={form} layout="vertical" key={group?.id ?? 'new'} initialValues={initialValues(group)}>
        {submit.error ? <Alert type="error" showIcon title={submit.error} className="tz-gap" /> : null}
        <Form.Item label={f.id} name="id" extra={group ? undefined : f.idHelp}>
          <Input disabled={!!group} maxLength={200} />
        </Form.Item>
        <Form.Item label={f.name} name="name" rules={required} extra={f.nameHelp}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={f.aliases} name="aliases" extra={f.aliasesHelp}>
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item
          label={f.ruleType}
          name="type"
          rules={[{ required: true }]}
          extra={typeof count === 'number' ? f.resolved(count) : undefined}
        >
          <Select options={RULE_TYPES.map((k) => ({ value: k, label: f.ruleTypes[k] }))} />
        </Form.Item>
        {type === 'members' ? (
          <Form.Item
            label={f.members}
            name="memberIds"
            extra={f.membersHelp}
            rules={[{ required: true, type: 'array', min: 1, message: f.membersRequired }]}
          >
            <Select
              mode="multiple"
              allowClear
              showSearch={search}
              options={choices}
              maxTagCount="responsive"
              data-testid="group-members"
            />
          </Form.Item>
        ) : null}
        {type === 'children' ? (
          <>
            <Form.Item label={f.parent} name="parentId" rules={[{ required: true, message: zh.common.required }]}>
              <Select showSearch={search} options={choices} />
            </Form.Item>
            <Form.Item label={f.kinds} name="kinds" extra={f.kindsHelp}>
              <Select mode="multiple" allowClear options={KINDS.map((k) => ({ value: k, label: zh.units.kinds[k] }))} />
            </Form.Item>
          </>
        ) : null}
        {type === 'level' ? (
          <>
            <Form.Item
              label={f.jurisdiction}
              name="jurisdictionId"
              rules={[{ required: true, message: zh.common.required }]}
            >
              <Select showSearch={search} options={choices} />
            </Form.Item>
            <Form.Item label={f.level} name="level" rules={[{ required: true, message: zh.common.required }]}>
              <Select options={LEVELS.map((k) => ({ value: k, label: zh.units.levels[k] }))} />
            </Form.Item>
            <Form.Item
              label={f.kinds}
              name="kinds"
              rules={[{ required: true, type: 'array', min: 1, message: f.kindsRequired }]}
            >
              <Select mode="multiple" allowClear options={KINDS.map((k) => ({ value: k, label: zh.units.kinds[k] }))} />
            </Form.Item>
            <Form.Item label={f.withCommittees} name="withCommittees" valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        ) : null}
        {type === 'choose' ? <Alert type="info" showIcon title={f.chooseHelp} /> : null}
      </Form>
    </Modal>
  );
}
